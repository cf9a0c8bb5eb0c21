"""Shared view bases: scope → filter → paginate → export, and object views with the
404-outside-scope / 403-without-the-right rule. Apps' views only set attributes."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, TemplateView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.edit import DeleteView, FormView, ModelFormMixin, ProcessFormView

from .attention import attention_for, key_figures_for, setup_steps_for
from .audit import history_for
from .exports import csv_response, xlsx_response
from .forms import ImportUploadForm
from .imports import Importer, ImportFailed, RowError, read_rows, run_import, template_response
from .models import ImportJob
from .navigation import shortcuts_for
from .pagination import paginate
from .public import public_sections
from .security import log_denied
from .tables import Table, labelled_rows
from .tasks import run_import_job


def permission_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def model_url(model: type[models.Model], suffix: str, *args: Any) -> str | None:
    """`<app>:<model>_<suffix>` (list, edit, delete) when the app names it so, else None."""

    try:
        return reverse(f"{model._meta.app_label}:{model._meta.model_name}_{suffix}", args=args)
    except NoReverseMatch:
        return None


def list_crumb(model: type[models.Model]) -> list[tuple[str, str]]:
    """The breadcrumb of a model's list page: (its Chinese plural, its URL), if it has one."""

    url = model_url(model, "list")
    return [(str(model._meta.verbose_name_plural), url)] if url else []


class PortalPermissionMixin(LoginRequiredMixin):
    """Login first (anonymous → login page), then the model permission for `action`."""

    model: type[models.Model]
    action = "view"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm(permission_name(self.model, action or self.action)):
            log_denied(request, f"缺少权限 {permission_name(self.model, action or self.action)}")
            raise PermissionDenied("您没有执行此操作的权限。")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.check_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, *, write: bool = False) -> models.QuerySet:
        return self.model.objects.for_user(self.request.user, write=write)


class UserFormMixin:
    """Portal forms take the acting user (apps.core.forms.PortalFormMixin): what they
    offer and check is scoped to that user."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user  # type: ignore[attr-defined]
        return kwargs


class ObjectListView(PortalPermissionMixin, TemplateView):
    """A filtered, keyset-paginated list of the user's rows, exportable as CSV/XLSX."""

    filterset_class: type | None = None
    table: Table
    # The export's columns when they are more than the page shows (long texts that an
    # import reads back); None: the page's own columns.
    export_table: Table | None = None
    template_name = "generic/object_list.html"
    per_page = 50
    title = ""
    add_url_name: str | None = None
    import_url_name: str | None = None
    # The first cell links to the row's page; logs, whose rows have none, turn it off.
    link_rows = True

    def get_queryset(self) -> models.QuerySet:
        qs = self.scoped()
        if self.table.select_related:
            qs = qs.select_related(*self.table.select_related)
        return qs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        qs = self.get_queryset()
        self.filterset = None
        if self.filterset_class:
            self.filterset = self.filterset_class(request.GET or None, queryset=qs, request=request)
            if self.filterset.is_bound:
                # An invalid filter shows its error and no rows: never silently everything,
                # and never an export of everything.
                qs = self.filterset.qs if self.filterset.is_valid() else qs.none()
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            rows = qs.iterator(chunk_size=2000)
            table = self.export_table or self.table
            return (csv_response if export == "csv" else xlsx_response)(table, rows, self.get_title())
        page = paginate(
            qs,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            page=request.GET.get("page"),
            per_page=self.per_page,
        )
        context = self.get_context_data(page=page, rows=self.table.rows(page.object_list))
        return self.render_to_response(context)

    def get_title(self) -> str:
        return self.title or str(self.model._meta.verbose_name_plural)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        context = super().get_context_data(**kwargs)
        columns = self.table.visible_columns(user)
        if "rows" in kwargs:
            link = (lambda obj: obj.get_absolute_url()) if self.link_rows else None
            context["rows"] = labelled_rows(self.table.columns, columns, kwargs["rows"], link)
        context.update(
            title=self.get_title(),
            breadcrumbs=[],
            table=self.table,
            columns=columns,
            link_rows=self.link_rows,
            filter=self.filterset,
            filtered=bool(self.filterset and any(self.request.GET.get(name) for name in self.filterset.filters)),
            add_url=reverse(self.add_url_name)
            if self.add_url_name and user.has_perm(permission_name(self.model, "add"))
            else None,
            import_url=reverse(self.import_url_name)
            if self.import_url_name and user.has_perm(permission_name(self.model, "add"))
            else None,
        )
        return context


class ScopedObjectMixin(PortalPermissionMixin):
    """Fetch one row from the user's scope: outside it is 404, whatever the permission."""

    def get_context_object_name(self, obj: Any) -> str | None:
        # Only `object`: a context variable named after the model (`user` for the account
        # pages) would shadow the signed-in user in the page frame.
        return None

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.scoped(), pk=self.kwargs["pk"])
        return self._object

    def can_write(self, obj: models.Model) -> bool:
        """The row is in the user's write scope (its own bureau, not one it only reads)."""

        return self.scoped(write=True).filter(pk=obj.pk).exists()

    def check_write(self, request: HttpRequest, obj: models.Model) -> None:
        if not self.can_write(obj):
            log_denied(request, "只读范围内的对象")
            raise PermissionDenied("您只能查看此记录，不能修改。")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        obj = self.get_object()
        # In scope but without the right (or read-only, e.g. a city viewer): 403.
        self.check_permission(request)
        if obj is not None and self.action != "view":
            self.check_write(request, obj)
        return super(PortalPermissionMixin, self).dispatch(request, *args, **kwargs)


class ObjectDetailView(ScopedObjectMixin, DetailView):
    """A row's page, with its own audit history."""

    template_name = "generic/object_detail.html"
    fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        context["fields"] = [(obj._meta.get_field(name).verbose_name, _display(obj, name)) for name in self.fields]
        context["can_change"] = user.has_perm(permission_name(self.model, "change")) and self.can_write(obj)
        context["actions"] = self.get_actions(obj, can_write=context["can_change"])
        context["breadcrumbs"] = list_crumb(self.model)
        context["history"] = history_for(obj)
        return context

    def get_actions(self, obj: models.Model, *, can_write: bool) -> list[tuple[str, str, str]]:
        """The record's buttons (label, url, Bootstrap style) from the model's edit and
        delete URLs, the user's permissions and write scope: templates add only extras."""

        if not can_write:
            return []
        user = self.request.user
        actions = []
        edit_url = model_url(self.model, "edit", obj.pk)
        if edit_url:
            actions.append(("修改", edit_url, "btn-primary"))
        delete_url = model_url(self.model, "delete", obj.pk)
        if delete_url and user.has_perm(permission_name(self.model, "delete")):
            actions.append(("删除", delete_url, "btn-outline-danger"))
        return actions


def _display(obj: models.Model, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display else getattr(obj, name)


class ObjectEditView(UserFormMixin, ScopedObjectMixin, TemplateResponseMixin, ModelFormMixin, ProcessFormView):
    """Create (no pk) or change a row through `form_class`, which receives `user`.

    The form decides which fields a user may set; the bureau is always the user's.
    The view only wraps the save in a transaction and says what happened.
    """

    template_name = "generic/object_edit.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    @property
    def action(self) -> str:  # type: ignore[override]
        return "change" if "pk" in self.kwargs else "add"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        with transaction.atomic():
            self.object = form.save()
            # Whatever the form allowed, the saved row must still be the user's to write
            # (a field moved it to another school or bureau): undo it all and refuse.
            in_scope = self.scoped(write=True).filter(pk=self.object.pk).exists()
            if not in_scope:
                transaction.set_rollback(True)
        if not in_scope:
            log_denied(self.request, "保存后的对象不在可修改范围内")
            raise PermissionDenied("保存后的记录不在您可以修改的范围内，已撤销本次修改。")
        verb = "修改" if "pk" in self.kwargs else "新建"
        messages.success(self.request, f"已{verb}{self.model._meta.verbose_name}“{self.object}”。")
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = self.model._meta.verbose_name
        # The record is named: 修改监管对象：高平三中.
        context["title"] = f"修改{name}：{self.object}" if self.object else f"新建{name}"
        context["cancel_url"] = self.object.get_absolute_url() if self.object else "../"
        crumbs = list_crumb(self.model)
        if self.object:
            crumbs.append((str(self.object), self.object.get_absolute_url()))
        context["breadcrumbs"] = crumbs
        return context


class ServiceErrorsMixin:
    """For an ObjectEditView whose form saves through a service: a refusal the service
    raises as ValidationError (a stale version, a rule of the domain) is shown on the
    form, with what the user typed kept, instead of a 500; the transaction is undone."""

    def form_valid(self, form) -> HttpResponse:
        from django.core.exceptions import ValidationError

        try:
            return super().form_valid(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)


class ObjectDeleteView(ScopedObjectMixin, DeleteView):
    action = "delete"
    template_name = "generic/object_delete.html"
    success_url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["verbose_name"] = self.model._meta.verbose_name
        context["breadcrumbs"] = [*list_crumb(self.model), (str(self.object), self.object.get_absolute_url())]
        return context

    def form_valid(self, form) -> HttpResponse:
        label = str(self.object)
        try:
            with transaction.atomic():
                self.object.delete()
        except models.ProtectedError:
            messages.error(self.request, f"“{label}”仍被其他记录引用，不能删除。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除{self.model._meta.verbose_name}“{label}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class ImportView(PortalPermissionMixin, FormView):
    """Upload an .xlsx for `importer` (a core.imports.Importer): every row validated,
    all or nothing. Up to IMPORT_BACKGROUND_ROWS rows within the request; a larger file
    is stored and imported by the task worker, the user sent to its progress page."""

    action = "add"
    template_name = "generic/object_import.html"
    form_class = ImportUploadForm
    importer: type[Importer] | None = None
    template_url_name = ""
    success_url_name = ""
    title = ""

    def form_valid(self, form) -> HttpResponse:
        if self.importer is None:
            raise ImproperlyConfigured("ImportView needs importer")
        importer = self.make_importer(form)
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload, importer.columns())
            if len(rows) > settings.IMPORT_BACKGROUND_ROWS:
                return self.start_background(importer, upload, len(rows))
            result = run_import(importer, upload, rows=rows)
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        messages.success(self.request, f"导入完成：新增 {result.created} 条，更新 {result.updated} 条。")
        return HttpResponseRedirect(reverse(self.success_url_name))

    def make_importer(self, form) -> Importer:
        """The importer for this upload; a view whose form carries more than the file
        (e.g. the date and reason an import is recorded under) passes them on here."""

        return self.importer(self.request.user)

    def start_background(self, importer: Importer, upload, total: int) -> HttpResponse:
        upload.seek(0)
        job = ImportJob.objects.create(
            user=self.request.user,
            importer=f"{type(importer).__module__}.{type(importer).__qualname__}",
            title=importer.title,
            file_name=upload.name[:255],
            content=upload.read(),
            return_url=reverse(self.success_url_name),
            total=total,
        )
        # After commit: the worker must find the job it is given.
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
        return HttpResponseRedirect(reverse("core:import_job", args=[job.pk]))

    def get_title(self) -> str:
        if self.title:
            return self.title
        name = self.importer.model._meta.verbose_name if self.importer else self.model._meta.verbose_name
        return f"导入{name}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["verbose_name"] = self.importer.model._meta.verbose_name if self.importer else ""
        context["max_rows"] = settings.IMPORT_MAX_ROWS
        context["template_url"] = reverse(self.template_url_name) if self.template_url_name else None
        model = getattr(self, "model", None)
        context["breadcrumbs"] = list_crumb(model) if model else []
        return context


class ImportJobView(LoginRequiredMixin, DetailView):
    """A background import's progress, then its result: only for the user who uploaded it."""

    model = ImportJob
    template_name = "generic/import_progress.html"
    context_object_name = "job"

    def get_queryset(self) -> models.QuerySet:
        return ImportJob.objects.filter(user=self.request.user).defer("content")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        context["title"] = f"导入{job.title}"
        context["running"] = job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
        context["errors"] = [RowError(**e) for e in job.errors]
        return context


class ImportTemplateView(PortalPermissionMixin, View):
    """The empty sheet to fill in: `columns(user)` gives the ImportColumns."""

    action = "add"
    columns = None
    title = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        return template_response(self.columns(request.user), self.title)


class DashboardView(LoginRequiredMixin, TemplateView):
    """What needs attention, gathered from every app's `selectors.attention(user)`."""

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["panels"] = attention_for(user)
        context["shortcuts"] = shortcuts_for(user)
        context["figures"] = key_figures_for(user)
        steps = setup_steps_for(user)
        # The checklist stays until every step is done, then disappears.
        context["setup_steps"] = steps if any(not step.done for step in steps) else []
        return context


class PublicHomeView(TemplateView):
    """The public site of a bureau: `/` for the only (or configured, or chosen) one,
    `/public/<region code>/` for each; with several and none chosen, the chooser."""

    template_name = "core/public_home.html"

    def get(self, request: HttpRequest, *args: Any, region_code: str = "", **kwargs: Any) -> HttpResponse:
        from .context_processors import PUBLIC_BUREAU_SESSION_KEY, public_bureau

        if region_code:
            bureau = apps.get_model("registry", "Bureau").objects.filter(region_code=region_code).first()
            if bureau is None:
                raise Http404("没有该教育局。")
            request.session[PUBLIC_BUREAU_SESSION_KEY] = bureau.region_code
        else:
            bureau = public_bureau(request)
        if bureau is None:
            return PublicBureauChooserView.as_view()(request)
        self.bureau = bureau
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from .context_processors import public_bureaus

        context = super().get_context_data(**kwargs)
        context["several"] = public_bureaus().count() > 1
        # With several bureaus, each section opens on this bureau's published records
        # (apps read ?bureau= through core.context_processors.public_bureau).
        query = f"?bureau={self.bureau.region_code}" if context["several"] else ""
        context["sections"] = [(title, url + query, text) for title, url, text in public_sections()]
        context["site_bureau"] = self.bureau
        context["site_name"] = self.bureau.display_site_name
        return context


class PublicBureauChooserView(TemplateView):
    """选择教育局: every bureau with a public site, each linking to its own home."""

    template_name = "core/public_chooser.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from .context_processors import public_bureaus

        context = super().get_context_data(**kwargs)
        context["bureaus"] = list(public_bureaus().select_related("parent"))
        context["title"] = "选择教育局"
        return context


class LargeTextToggleView(View):
    """长者模式: remembered on the account, or in the session for visitors."""

    def post(self, request: HttpRequest) -> HttpResponse:
        on = request.POST.get("on") == "1"
        request.session["large_text"] = on
        if request.user.is_authenticated:
            get_user_model().objects.filter(pk=request.user.pk).update(large_text=on)
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return HttpResponseRedirect(target)
