from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = "经费与会费"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from gonghui.core import audit, todo
        from gonghui.core.demo import register

        from .demo import build_finance
        from .queries import home as home_queries
        from .seed import reference_data_seed

        register("finance", build_finance)
        todo.register(home_queries.todos, daily=True)
        post_migrate.connect(reference_data_seed, sender=self)
        from .metrics import register_all as register_metrics

        register_metrics()
        from .summary import register_all as register_summary

        register_summary()

        audit.register_actions(
            {
                "finance.settings": "修改财务设置",
                "dues.base": "设置会费基数",
                "dues.run": "计算月度会费",
                "dues.pay": "登记会费缴纳",
                "dues.import": "导入工资代扣名单",
                "dues.reverse": "冲销会费缴纳",
                "dues.book": "会费收入入账",
                "voucher.create": "填制凭证",
                "voucher.update": "修改凭证草稿",
                "voucher.delete": "删除凭证草稿",
                "voucher.submit": "提交凭证",
                "voucher.return": "退回凭证",
                "voucher.approve": "审批凭证",
                "voucher.post": "凭证记账",
                "voucher.reverse": "填制冲销凭证",
                "voucher.override": "批准超标准开支",
                "voucher.attach": "上传凭证附件",
                "voucher.detach": "删除凭证附件",
                "rule.change": "修改开支标准",
                "budget.create": "编制预算",
                "budget.adopt": "预算审议通过",
                "budget.adjust": "调整预算",
                "finding.create": "提出审查意见",
                "finding.respond": "答复审查意见",
                "finding.close": "关闭审查意见",
                "finance.export": "导出财务报表",
                "payroll.record": "登记工资总额",
                "aid.deposit": "互助金存入",
                "aid.withdraw": "互助金退还",
                "aid.loan": "互助金借款",
                "aid.repay": "互助金还款",
            },
            area=self.verbose_name,
        )
        self._register_audit_fields(audit)

    @staticmethod
    def _register_audit_fields(audit) -> None:
        from .models import DuesRounding, WageItem

        wage_items = audit.choice_names(WageItem)
        audit.register_fields(
            {"rate": "会费比例", "rounding": "会费取整"},
            model="finance.duesrun",
            shown_as={"rate": "percent", "rounding": audit.choice_names(DuesRounding)},
        )
        audit.register_fields(
            {"paid_on": "缴纳日期", "payment": "缴费记录编号"}, model="finance.duesbatch"
        )
        audit.register_fields(
            {"reverses": "冲销的缴费记录编号", "reverses_id": "冲销的缴费记录"},
            model="finance.duespayment",
        )
        # 导入会费基数 is recorded on the union: one entry for the whole payroll list.
        audit.register_fields(
            {"items": "表中的工资项目", "statements": "报表"},
            model="orgs.union",
            shown_as={"items": wage_items},
        )
        audit.register_fields(shown_as={"dues_items": wage_items}, model="finance.financesettings")
        audit.register_fields({"batches": "会费批次编号"}, model="finance.voucher")
        audit.register_fields(
            {
                "lines": "预算明细",
                "category": "科目",
                "delta": "调整金额（增加为正）",
                "effective": "该科目预算数",
                "decided_on": "决定日期",
            },
            model="finance.budget",
            shown_as={"delta": "money", "effective": "money"},
        )
        audit.register_fields({"parent_id": "上级科目"}, model="finance.category")
        audit.register_fields({"loan_id": "所还借款"}, model="finance.aidentry")
