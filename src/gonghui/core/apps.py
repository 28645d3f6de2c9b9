from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "账号、权限与审计"

    def ready(self) -> None:
        from . import audit, sudo

        sudo.connect()  # logging in opens the re-authentication window (core.sudo)
        from . import publicity

        publicity.connect()  # 公示: audit actions, 待办, 提醒 (core.publicity)

        audit.register_actions(
            {
                "user.create": "新建账号",
                "user.set_password": "设置密码",
                "user.password_reset": "重置密码",
                "user.email": "修改接收提醒的邮箱",
                "role.grant": "授予角色",
                "role.revoke": "撤销角色",
                "notice.create": "发送站内提醒",
                "notice.email": "邮件发送提醒",
                "notice.read": "提醒标为已读",
            },
            area=self.verbose_name,
        )
        # Keys that mean the same on every object; an app registers its own beside them.
        audit.register_fields(
            {
                "created_at": "创建时间",
                "updated_at": "修改时间",
                "recorded_at": "登记时间",
                "responded_at": "答复时间",
                "closed_at": "关闭时间",
                "status": "状态",
                "date": "日期",
                "month": "月份",
                "year": "年度",
                "amount": "金额",
                "total": "合计金额",
                "note": "备注",
                "reason": "原因",
                "member": "会员",
                "filename": "文件名",
                "sha256": "文件校验值",
                "count": "条数",
                "created": "新增条数",
                "updated": "更新条数",
                "unchanged": "未变条数",
                "rejected": "有误未导入条数",
                "skipped": "跳过条数",
                "document": "文档",
                "text": "内容",
                "password": "密码",
            },
            # A replay key and a QR token are keys, not facts for the record.
            hidden=("idempotency_key", "checkin_token"),
            shown_as={
                "month": "month",
                "amount": "money",
                "total": "money",
                "password": lambda value: "******",
            },
        )
        audit.register_fields({"notices_read": "标为已读的提醒数"}, model="core.user")
        # The trail itself is never recorded; named anyway, so every field has a label.
        audit.register_fields(
            {"prev_hash": "前一条的哈希", "hash": "哈希"}, model="core.auditentry"
        )
        audit.register_fields({"last_hash": "末条的哈希"}, model="core.audithead")
