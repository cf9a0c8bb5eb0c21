from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import backup_verify


class Command(BaseCommand):
    help = "备份数据库（pg_dump），恢复到新库并逐表比对行数和校验和，记录演练结果。"

    def add_arguments(self, parser):
        parser.add_argument("--directory", default="backups", help="备份文件存放目录（默认 ./backups）")

    def handle(self, *args, **options):
        try:
            check = backup_verify(directory=Path(options["directory"]))
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"备份文件：{check.dump_file}（{check.dump_bytes} 字节，SHA-256 {check.dump_sha256}）")
        self.stdout.write(f"比对：{check.tables} 张表，{check.rows} 行。")
        if not check.ok:
            raise CommandError("恢复后数据不一致：\n" + check.detail)
        self.stdout.write(self.style.SUCCESS("恢复演练通过：恢复库与源库逐表一致。"))
