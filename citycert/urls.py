"""URL routes of the whole site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from citycert.accounts import people_views, second_factor_views
from citycert.accounts import views as account_views
from citycert.accounts.login_throttle import ThrottledAuthenticationForm
from citycert.api.app import api
from citycert.assessments import evidence_views, history_views, spreadsheet_views
from citycert.assessments import views as assessment_views
from citycert.certification.views import application as application_pages
from citycert.certification.views import assessor as assessor_pages
from citycert.certification.views import certifier as certifier_pages
from citycert.certification.views import officer as officer_pages
from citycert.certification.views import overview as certification_overview
from citycert.certification.views import public as certificate_pages
from citycert.cities import views as city_views
from citycert.indicators import views as indicator_views
from citycert.library import views as library_views
from citycert.operations.health import healthz
from citycert.reports import archive_views, open_data_views, report_views

urlpatterns = [
    path("", library_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("frameworks/<slug:framework_id>/", library_views.framework_detail, name="framework-detail"),
    path("api/v1/", api.urls),
    # The admin site signs people in through citycert's own login page, with its throttle, not a second one.
    path("admin/login/", account_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/", account_views.SignIn.as_view(authentication_form=ThrottledAuthenticationForm), name="login"
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChange.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", account_views.PasswordReset.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", account_views.PasswordResetSent.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/tokens/", account_views.token_list, name="api-tokens"),
    path("accounts/second-factor/", second_factor_views.verify, name="second-factor"),
    path("accounts/second-factor/enrol/", second_factor_views.enrol, name="second-factor-enrol"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("accounts/tokens/<int:pk>/revoke/", account_views.revoke_token, name="api-token-revoke"),
    path("accounts/people/", people_views.people_list, name="people"),
    path("accounts/people/invite/", people_views.invite, name="people-invite"),
    path("accounts/people/<int:pk>/", people_views.account, name="person"),
    path("accounts/people/<int:pk>/memberships/grant/", people_views.grant_membership, name="membership-grant"),
    path(
        "accounts/people/<int:pk>/memberships/<int:membership_pk>/end/",
        people_views.end_membership,
        name="membership-end",
    ),
    path("accounts/people/invitations/<int:pk>/resend/", people_views.resend, name="invitation-resend"),
    path("accounts/people/invitations/<int:pk>/revoke/", people_views.revoke, name="invitation-revoke"),
    path("invitations/<str:secret>/", people_views.accept, name="invitation-accept"),
    path("my/", city_views.my_page, name="my"),
    path("cities/<str:code>/workspace/", city_views.workspace, name="city-workspace"),
    path("cities/<str:code>/assessments/new/", assessment_views.new_assessment, name="assessment-new"),
    path("assessments/<int:pk>/", assessment_views.assessment_page, name="assessment"),
    path("assessments/<int:pk>/score/", assessment_views.score_fragment, name="assessment-score"),
    path("assessments/<int:pk>/history/", history_views.history_page, name="assessment-history"),
    path("assessments/<int:pk>/areas/<str:area>/", assessment_views.area_fragment, name="assessment-area"),
    path("assessments/<int:pk>/items/<str:item_id>/", assessment_views.save_item, name="assessment-item"),
    path("assessments/<int:pk>/submit/", assessment_views.submit, name="assessment-submit"),
    path("assessments/<int:pk>/withdraw/", assessment_views.withdraw, name="assessment-withdraw"),
    path("assessments/<int:pk>/copy/", assessment_views.copy_withdrawn, name="assessment-copy"),
    path("assessments/<int:pk>/confirm/", assessment_views.confirm_all, name="assessment-confirm"),
    path(
        "assessments/<int:pk>/fill-from-series/",
        indicator_views.fill_from_series,
        name="assessment-fill-from-series",
    ),
    path("assessments/<int:pk>/evidence/", evidence_views.upload_evidence, name="evidence-upload"),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_id>/file", evidence_views.download_evidence, name="evidence-file"
    ),
    path("assessments/<int:pk>/export.xlsx", spreadsheet_views.export, {"suffix": "xlsx"}, name="assessment-xlsx"),
    path("assessments/<int:pk>/export.csv", spreadsheet_views.export, {"suffix": "csv"}, name="assessment-csv"),
    path("assessments/<int:pk>/import/", spreadsheet_views.upload, name="assessment-import"),
    path("assessments/<int:pk>/report.pdf", report_views.assessment_report, name="assessment-report"),
    path("assessments/<int:pk>/import/apply/", spreadsheet_views.apply, name="assessment-import-apply"),
    path("certification/", certification_overview.overview, name="certification"),
    path("certification/rounds/new/", certifier_pages.open_round, name="round-new"),
    path("certification/rounds/<int:pk>/", certifier_pages.round_page, name="round"),
    path("certification/rounds/<int:pk>/panels/", certifier_pages.form_panel, name="panel-new"),
    path("certification/rounds/<int:pk>/announce/", certifier_pages.announce, name="round-announce"),
    path("certification/rounds/<int:pk>/results.xlsx", certifier_pages.round_results, name="round-results"),
    path("certification/rounds/<int:pk>/progress/", certifier_pages.round_progress_page, name="round-progress"),
    path("certification/rounds/<int:pk>/progress.csv", certifier_pages.round_progress_csv, name="round-progress-csv"),
    path("certification/rounds/<int:pk>/archives/", archive_views.start, name="round-archive-new"),
    path("certification/archives/<int:pk>/", archive_views.progress, name="round-archive"),
    path("certification/archives/<int:pk>/archive.zip", archive_views.download, name="round-archive-download"),
    path("certification/rounds/<int:pk>/apply/", officer_pages.apply, name="round-apply"),
    path("certification/conflicts/", assessor_pages.declare_conflict, name="conflict-new"),
    path("certification/applications/<int:pk>/", application_pages.application_page, name="application"),
    path("certification/applications/<int:pk>/assign/", certifier_pages.assign, name="application-assign"),
    path(
        "certification/applications/<int:pk>/review/<slug:stage>/",
        assessor_pages.review_sheet,
        name="review-sheet",
    ),
    path(
        "certification/applications/<int:pk>/review/<slug:stage>/items/<str:item>/",
        assessor_pages.review_sheet_row,
        name="review-sheet-row",
    ),
    path("certification/applications/<int:pk>/requests/", assessor_pages.ask_city, name="request-new"),
    path(
        "certification/applications/<int:pk>/requests/<int:request_id>/answer/",
        officer_pages.answer_request,
        name="request-answer",
    ),
    path("certification/applications/<int:pk>/consensus/", certifier_pages.record_consensus, name="consensus"),
    path("certification/applications/<int:pk>/decide/", certifier_pages.decide, name="decide"),
    path("certification/applications/<int:pk>/waivers/", certifier_pages.request_waiver, name="waiver-new"),
    path(
        "certification/applications/<int:pk>/waivers/<int:waiver_id>/",
        certifier_pages.answer_waiver,
        name="waiver-answer",
    ),
    path("certification/applications/<int:pk>/letter.pdf", report_views.decision_letter, name="decision-letter"),
    path("certification/applications/<int:pk>/findings/", assessor_pages.raise_finding, name="finding-new"),
    path(
        "certification/applications/<int:pk>/findings/<int:finding_id>/close/",
        officer_pages.close_finding,
        name="finding-close",
    ),
    path(
        "certification/applications/<int:pk>/findings/<int:finding_id>/verify/",
        assessor_pages.verify_finding,
        name="finding-verify",
    ),
    path("certification/surveillance/<int:due_id>/", assessor_pages.surveillance, name="surveillance"),
    path("certificates/verify/", certificate_pages.verify_page, name="certificate-verify"),
    path("certificates/signing-key.pem", certificate_pages.signing_key, name="signing-key"),
    path("certificates/<str:number>/", certificate_pages.certificate_page, name="certificate"),
    path("certificates/<str:number>/certificate.pdf", certificate_pages.certificate_pdf_file, name="certificate-pdf"),
    path("certificates/<str:number>/status/", certifier_pages.change_status, name="certificate-status"),
    path("", include("citycert.appeals.urls")),
    path("", include("citycert.notifications.urls")),
    path("registry/", include("citycert.registry.urls")),
    path("cases/", include("citycert.practices.urls")),
    path("competence/", include("citycert.competence.urls")),
    path("", include("citycert.indicators.urls")),
    path("open-data/", open_data_views.open_data_page, name="open-data"),
    path("audit/checkpoints/", open_data_views.checkpoints_page, name="audit-checkpoints"),
    path("open-data/catalog.jsonld", open_data_views.catalogue_file, name="open-data-catalogue"),
    path("open-data/<slug:dataset>/datapackage.json", open_data_views.package, name="open-data-package"),
    path("open-data/<slug:dataset>.zip", open_data_views.package_bundle, name="open-data-bundle"),
    path("open-data/<slug:dataset>.<slug:form>", open_data_views.download, name="open-data-file"),
    path("i18n/", include("django.conf.urls.i18n")),
]
