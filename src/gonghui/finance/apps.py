from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = "经费与会费"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from gonghui.core import todo
        from gonghui.core.demo import register
        from gonghui.core.models import ACTION_LABELS

        from .demo import build_finance
        from .queries import home as home_queries
        from .seed import ensure_reference_data

        register("finance", build_finance)
        todo.register(home_queries.todos)
        post_migrate.connect(ensure_reference_data, sender=self)
        from .metrics import register_all as register_metrics

        register_metrics()

        ACTION_LABELS.update(
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
            }
        )
