from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "gonghui.congress"
    label = "congress"
    verbose_name = "职工代表大会"

    def ready(self) -> None:
        from gonghui.core import audit, reminders, todo
        from gonghui.core.demo import register

        from . import reminders as congress_reminders
        from . import todos as congress_todos
        from .demo import build_congress

        register("congress", build_congress)

        todo.register(congress_todos.votes)
        todo.register(congress_todos.overdue_proposals)
        reminders.register(congress_reminders.overdue_proposals)
        from .metrics import register_all as register_metrics

        register_metrics()
        from .summary import register_all as register_summary

        register_summary()

        audit.register_actions(
            {
                "congress.settings": "修改职代会设置",
                "congress.term": "登记职代会届次",
                "congress.sitting": "筹备职代会会次",
                "congress.notice": "发布会议预告",
                "congress.open": "宣布开会",
                "congress.close": "宣布闭会",
                "rep.elect": "登记职工代表",
                "rep.by_election": "补选职工代表",
                "rep.recall": "罢免职工代表",
                "rep.end": "代表离任",
                "rep.checkin": "代表报到",
                "proposal.create": "提出提案",
                "proposal.ask": "邀请附议",
                "proposal.export": "导出提案汇编",
                "proposal.cosign": "附议提案",
                "proposal.decline": "谢绝附议",
                "proposal.submit": "提交提案",
                "proposal.review": "审查提案",
                "proposal.assign": "交办提案",
                "proposal.answer": "答复提案",
                "proposal.rate": "评价提案办理",
                "proposal.close": "提案办结",
                "poll.create": "设置表决事项",
                "poll.open": "开始表决",
                "poll.close": "结束表决",
                "poll.paper": "录入纸质计票结果",
                "poll.vote": "投票",
                "evaluation.create": "设置民主评议",
                "evaluation.open": "开始民主评议",
                "evaluation.close": "结束民主评议",
                "evaluation.vote": "民主评议投票",
                "evaluation.export": "导出民主评议结果",
                "congress.sitting_update": "修改会议日期和地点",
                "proposal.withdraw": "撤回提案",
                "poll.revote": "重新表决",
                "evaluation.paper": "录入纸质评议计票结果",
                "congress.export": "导出职代会会议文件",
                "election.create": "安排选举",
                "election.open": "开始选举投票",
                "election.close": "结束选举投票",
                "election.vote": "选举投票",
                "election.paper": "录入选举计票结果",
                "election.runoff": "安排另行选举",
                "election.revote": "安排重新选举",
                "election.commit": "以当选人组成新一届委员会",
            },
            area=self.verbose_name,
        )
        self._register_audit_fields(audit)

    @staticmethod
    def _register_audit_fields(audit) -> None:
        # A vote's entry names who voted, never the choice (secret ballot).
        voted = {"voted": "投票代表", "void_reason": "无效原因"}
        audit.register_fields(
            {"seats_ended": "随届满离任的代表数", "seated_all": "全体会员登记为代表"},
            model="congress.congressterm",
            shown_as={"seated_all": lambda pks: f"{len(pks)} 人"},
        )
        audit.register_fields(
            {
                "seated": "在任代表数",
                "present": "出席代表数",
                # The composition check kept in the notice's entry (queries.composition).
                "composition_total": "代表构成：代表总数",
                "composition_assembly": "代表构成：职工大会参会人数",
                "composition_managers": "代表构成：中层以上管理人员",
                "composition_women": "代表构成：女职工代表",
                "composition_dispatched": "代表构成：劳务派遣职工代表",
                "composition_teachers": "代表构成：教师代表",
            },
            model="congress.sitting",
        )
        audit.register_fields({**voted, "revote_of": "重新表决的原事项"}, model="congress.poll")
        audit.register_fields(
            {**voted, "subjects": "评议对象", "counts": "纸质评议计票结果"},
            model="congress.evaluation",
        )
        audit.register_fields(
            {
                **voted,
                "candidates": "候选人",
                "committee_term": "新一届委员会",
                "members": "当选人",
                "void": "被作废的选举编号",
            },
            model="congress.election",
        )
