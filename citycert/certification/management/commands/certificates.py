"""`citycert certificates`: write a certificate's signed PDF, or verify a PDF someone hands you."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from citycert.certification.models import Application, Certificate, Round
from citycert.certification.verification import verify_pdf
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.signing import key_id, private_key, public_key_pem, write_new_key


class Command(BaseCommand):
    help = (
        "verify FILE.pdf: exit 0 genuine and valid, 3 genuine but no longer valid, 1 altered or not ours; "
        "pdf NUMBER -o FILE.pdf: write a certificate's signed PDF; bulk ROUND -o FILE.zip: every certificate and "
        "decision letter of a round, with progress; public-key: print the signing key's public part and its key id; "
        "new-key FILE: write a new signing key (a deploy secret) to FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify", help="say whether a certificate PDF is genuine, altered or no longer valid"
        )
        verify.add_argument("file", type=Path)
        pdf = actions.add_parser("pdf", help="write a certificate's signed PDF")
        pdf.add_argument("number")
        pdf.add_argument("-o", "--output", type=Path, required=True)
        actions.add_parser("public-key", help="print the public key that checks certificate signatures (PEM)")
        new_key = actions.add_parser(
            "new-key",
            help="write a new Ed25519 signing key to FILE (0600; an existing file is never replaced); give it to "
            "every server as CITYCERT_SIGNING_KEY (the file) or CITYCERT_SIGNING_KEY_PEM (its content)",
        )
        new_key.add_argument("file", type=Path)
        bulk = actions.add_parser("bulk", help="every certificate and decision letter of a round, as one ZIP of PDFs")
        bulk.add_argument("round", type=int, help="the round's id (see the certification pages)")
        bulk.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "public-key":
            self.stderr.write(f"key id {key_id(private_key().public_key())}")  # stdout stays a PEM file
            self.stdout.write(public_key_pem().decode("ascii"), ending="")
            return
        if options["action"] == "new-key":
            try:
                key = write_new_key(options["file"])
            except FileExistsError:
                raise CommandError(f"{options['file']} exists: a signing key is never overwritten") from None
            self.stdout.write(f"{options['file']}: new signing key, key id {key_id(key.public_key())}")
            return
        if options["action"] == "bulk":
            self._bulk(options["round"], options["output"])
            return
        if options["action"] == "pdf":
            certificate = Certificate.objects.filter(number=options["number"]).first()
            if certificate is None:
                raise CommandError(f"no certificate numbered {options['number']!r}")
            output: Path = options["output"]
            temporary = output.with_name(output.name + ".part")
            temporary.write_bytes(certificate_pdf(certificate))
            temporary.replace(output)
            self.stdout.write(f"{output}: {certificate.number}")
            return
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        verdict = verify_pdf(data, timezone.localdate())
        # The verdict and status as words a script can test, then the sentence for people.
        status = f" ({verdict.status})" if verdict.status else ""
        signed_with = f" [key id {verdict.key_id}]" if verdict.key_id else ""
        self.stdout.write(f"{path}: {verdict.state}{status}: {verdict.message}{signed_with}")
        if verdict.exit_code:
            raise SystemExit(verdict.exit_code)

    def _bulk(self, round_id: int, output: Path) -> None:
        from citycert.reports.round_archive import write_round_archive

        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"no round with id {round_id}")

        def say(done: int, total: int, application: Application) -> None:
            self.stdout.write(f"{done}/{total} {application.city.code} {application.city.name_ko}")

        count = write_round_archive(round_, output, say)
        self.stdout.write(f"{output}: {count} decided applications")
