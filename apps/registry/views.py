from django.views import View

EntityListView = EntityEditView = EntityImportView = EntityAutocompleteView = EntityAsOfView = EntityDetailView = (
    EntityChangeView
) = PersonListView = PersonEditView = PersonImportView = PersonDetailView = PersonDeleteView = View


def entity_import_template(r):
    pass


def person_import_template(r):
    pass
