import json
from pathlib import Path

from django.core.management.base import BaseCommand

from content.interchange.engine import export_content


class Command(BaseCommand):
    help = (
        "Export all content as an exchange file (docs/content-format.md). Uploaded files "
        "are copied into files/ next to the output (or the current folder)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="write here instead of standard output")

    def handle(self, *args, **options):
        output = options["output"]
        folder = Path(output).resolve().parent if output else Path.cwd()
        warnings = []
        data = export_content(out_dir=folder, progress=self.progress, warnings=warnings)
        for warning in warnings:
            self.stderr.write(f"Warning: {warning}")
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")

    def progress(self, what, done, total):
        self.stderr.write(f"{what}: {done}/{total}")
