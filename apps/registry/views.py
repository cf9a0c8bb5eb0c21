from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.edit import FormView

from apps.core.filtersets import name_search
from apps.core.security import log_denied, log_personal_data_view
from apps.core.templatetags.portal import cn_date
from apps.core.views import (
    ImportTemplateView,
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
)

from . import imports, selectors, services
from .filtersets import EntityAsOfFilterSet, EntityChangeFilterSet, EntityFilterSet, PersonFilterSet
from .forms import BureauSiteForm, EntityChangeForm, EntityForm, PersonForm
from .models import Bureau, Entity, EntityChange, Person
from .tables import AS_OF_TABLE, CHANGE_TABLE, ENTITY_TABLE, PERSON_TABLE


class EntityListView(ObjectListView):
    model = Entity
    filterset_class = EntityFilterSet
    table = ENTITY_TABLE
    add_url_name = "registry:entity_add"
    import_url_name = "registry:entity_import"


class EntityChangeListView(ObjectListView):
    """名录变更记录: every dated change, e.g. one adjustment batch, exportable."""

    model = EntityChange
    filterset_class = EntityChangeFilterSet
    table = CHANGE_TABLE
    title = "名录变更记录"


def entity_sections_for(entity, user) -> list[dict]:
    """What other apps know of an entity (a training institution's credit grades…): each
    app's `selectors.entity_sections(entity, user)`, scoped by that app; the registry knows
    no app by name. A section is {"title", "headers", "rows": [(url, [(header, value)])], "empty"}."""

    from apps.core.seams import app_modules

    sections = []
    for _, module in app_modules("selectors"):
        provide = getattr(module, "entity_sections", None)
        if provide is not None:
            sections.extend(provide(entity, user))
    return sections


class EntityDetailView(ObjectDetailView):
    model = Entity
    template_name = "registry/entity_detail.html"
    fields = (
        "name",
        "short_name",
        "kind",
        "ownership",
        "credit_code",
        "legal_representative",
        "address",
        "phone",
        "parent",
        "status",
        "merged_into",
        "established_on",
        "bureau",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        context["changes"] = entity.changes.select_related("recorded_by").all()
        context["units"] = entity.units.all()
        user = self.request.user
        context["staff"] = selectors.staff_of(entity)[:100] if user.has_perm("registry.view_person") else None
        context["app_sections"] = entity_sections_for(entity, user)
        return context


class EntityEditView(ObjectEditView):
    model = Entity
    form_class = EntityForm


class EntityChangeView(ScopedObjectMixin, FormView):
    """Record a dated change: rename, new representative, merge, closure, reopening."""

    model = Entity
    action = "change"
    form_class = EntityChangeForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, entity=self.get_object())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"登记变更：{self.get_object()}"
        context["cancel_url"] = self.get_object().get_absolute_url()
        return context

    def form_valid(self, form):
        try:
            events = form.save()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        labels = "、".join(e.get_kind_display() for e in events)
        messages.success(self.request, f"已登记变更（{labels}），生效日期 {cn_date(form.cleaned_data['effective_on'])}。")
        return HttpResponseRedirect(self.get_object().get_absolute_url())


class EntityAsOfView(ObjectListView):
    """The registry as it stood on a chosen date: searchable, paged and exportable like
    every list; a date outside the registry's life says so."""

    model = Entity
    filterset_class = EntityAsOfFilterSet
    table = AS_OF_TABLE
    template_name = "registry/entity_as_of.html"
    title = "历史名录查询"

    def get(self, request, *args, **kwargs):
        self.day, self.date_message = None, ""
        raw = request.GET.get("date", "")
        if raw:
            try:
                self.day = datetime.date.fromisoformat(raw)
            except ValueError:
                self.day = None
        if self.day:
            self.date_message = self.check_day(self.day)
        return super().get(request, *args, **kwargs)

    def check_day(self, day: datetime.date) -> str:
        today = timezone.localdate()
        if day > today:
            return f"所选日期 {cn_date(day)} 晚于今天，名录库只能查询今天及以前的状态。"
        first = selectors.first_record_day(self.request.user)
        if first is None:
            return "名录库中还没有任何登记记录。"
        if day < first:
            return f"所选日期 {cn_date(day)} 早于名录库的第一条记录（{cn_date(first)}），当天名录为空。"
        return ""

    def get_queryset(self):
        if self.day is None or self.date_message:
            return Entity.objects.none()
        return selectors.entities_as_of(self.request.user, self.day)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(day=self.day, date_message=self.date_message)
        return context


class EntityAutocompleteView(PortalPermissionMixin, View):
    """Up to 20 entities matching the typed text, as <option>s for AutocompleteSelect."""

    model = Entity

    def get(self, request, *args, **kwargs):
        text = next((v for k, v in request.GET.items() if k.endswith("__search")), request.GET.get("q", ""))
        entities = list(name_search(Entity.objects.for_user(request.user, write=True), text, user=request.user)[:21])
        hint = request.GET.get("hint", "")
        context = {
            "entities": entities[:20],
            "more": len(entities) > 20,
            # The id of the hint under the widget, filled out of band (htmx hx-swap-oob).
            "hint": hint if re.fullmatch(r"[A-Za-z0-9_-]{1,80}", hint) else "",
        }
        return render(request, "registry/entity_options.html", context)


class EntityImportView(ImportView):
    model = Entity
    importer = imports.EntityImporter
    template_url_name = "registry:entity_import_template"
    success_url_name = "registry:entity_list"


class EntityImportTemplateView(ImportTemplateView):
    model = Entity
    columns = staticmethod(imports.entity_columns)
    title = "监管对象"


class PersonListView(ObjectListView):
    model = Person
    filterset_class = PersonFilterSet
    table = PERSON_TABLE
    add_url_name = "registry:person_add"
    import_url_name = "registry:person_import"


class PersonDetailView(ObjectDetailView):
    """A staff member. The whole 身份证号 is shown only on a POST by someone who may
    change the record, never cached, and every such view is logged."""

    model = Person
    template_name = "registry/person_detail.html"
    fields = ("name", "gender", "employer", "category", "position", "phone", "employment_status", "hired_on", "bureau")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.check_permission(request, "change")
        self.check_write(request, self.object)
        log_personal_data_view(request, f"查看{self.object.employer}{self.object.name}的完整身份证号")
        response = self.render_to_response(self.get_context_data(full_id_number=self.object.id_number))
        add_never_cache_headers(response)
        return response


class PersonEditView(ObjectEditView):
    model = Person
    form_class = PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person
    success_url_name = "registry:person_list"


class PersonImportView(ImportView):
    model = Person
    importer = imports.PersonImporter
    template_url_name = "registry:person_import_template"
    success_url_name = "registry:person_list"


class PersonImportTemplateView(ImportTemplateView):
    model = Person
    columns = staticmethod(imports.person_columns)
    title = "教职员工"


class AnchorView(View):
    """The benchmark's one-query page: every latency is reported as a ratio to it.

    Here, not in core: core imports no model of the apps above it (tests/core/test_seams.py).
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.BENCHMARK_ANCHOR:
            raise Http404
        return render(request, "core/anchor.html", {"bureaus": list(Bureau.objects.all()[:1])})


# -- the bureau's own settings, its logo, the setup checklist's manual step ----------------


class BureauSiteView(PortalPermissionMixin, FormView):
    """本局门户设置: the bureau admin names its portal, footer lines and logo."""

    model = Bureau
    action = "change"
    form_class = BureauSiteForm
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.bureau_id is None:
            raise Http404("没有所属教育局。")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=Bureau.objects.get(pk=self.request.user.bureau_id))
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="本局门户设置", cancel_url=reverse("core:dashboard"), breadcrumbs=[])
        return context

    def form_valid(self, form):
        try:
            form.save()
        except ValidationError as error:
            for field, errors in (error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, "已保存本局门户设置。")
        return HttpResponseRedirect(reverse("registry:bureau_site"))


class BureauLogoView(View):
    """A bureau's logo for every page's header, public like the pages that show it."""

    def get(self, request, region_code: str):
        row = Bureau.objects.filter(region_code=region_code).exclude(logo=b"").values("logo", "logo_type").first()
        if row is None:
            raise Http404
        response = HttpResponse(bytes(row["logo"]), content_type=row["logo_type"])
        response["Cache-Control"] = "public, max-age=300"
        return response


class BureauListsReviewedView(PortalPermissionMixin, View):
    """The checklist's 字典已核对: POST only."""

    model = Bureau
    action = "view"

    def post(self, request):
        if request.user.bureau_id is None:
            raise Http404
        services.bureau_lists_reviewed(bureau=Bureau.objects.get(pk=request.user.bureau_id), by=request.user)
        messages.success(request, "已确认本局的字典（文件主题、发文机关等选项）。")
        return HttpResponseRedirect(reverse("core:dashboard"))


class EntityDeleteView(ObjectDeleteView):
    """A wrongly imported entity goes (audited) while nothing refers to it; else it is closed."""

    model = Entity
    success_url_name = "registry:entity_list"

    def form_valid(self, form):
        label = str(self.object)
        try:
            services.entity_delete(entity=self.object, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除监管对象“{label}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class ConflictListView(PortalPermissionMixin, TemplateView):
    """跨局代码冲突: one 统一社会信用代码 or 身份证号 held by two bureaus the city sees
    (a school that changed bureau, a teacher who moved). Counties import such codes
    freely and are never shown the other's row; the city sorts them out here."""

    model = Bureau
    template_name = "registry/conflict_list.html"
    limit = 500

    def check_permission(self, request, action=None):
        if not request.user.has_perm("registry.view_conflict"):
            log_denied(request, "缺少权限 registry.view_conflict")
            raise PermissionDenied("您没有执行此操作的权限。")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entities, people = selectors.code_conflicts(self.request.user, limit=self.limit)
        context.update(title="跨局代码冲突", entities=entities, people=people, limit=self.limit, breadcrumbs=[])
        return context
