# The openness part of 维权 (厂务/校务/院务公开): its models' operations (one migration per
# part, numbered in advance so the parts can be built side by side).
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0006_poll_proposal'),
        ('orgs', '0005_member_figure_indexes'),
        ('rights', '0002_contracts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OpennessCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=40, verbose_name='公开类别')),
                ('examples', models.CharField(blank=True, max_length=300, verbose_name='公开事项示例')),
                ('schedule', models.CharField(choices=[('monthly', '每月'), ('quarterly', '每季度'), ('yearly', '每年'), ('event', '随时（事项发生后）')], max_length=10, verbose_name='公开周期')),
                ('event_days', models.PositiveSmallIntegerField(default=7, help_text='只对“随时”公开的类别有效。示例 7 天，未找到统一规定。', verbose_name='事项发生后几天内公开')),
                ('order', models.PositiveSmallIntegerField(default=1, verbose_name='序号')),
                ('counts_from', models.DateField(help_text='在此日期之前开始的期间不计为应公开。', verbose_name='纳入考核起始日期')),
                ('retired_on', models.DateField(blank=True, null=True, verbose_name='停用日期')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='openness_categories', to='orgs.union', verbose_name='工会')),
            ],
            options={
                'verbose_name': '公开类别',
                'verbose_name_plural': '公开类别',
                'ordering': ['union_id', 'order', 'id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('retired_on__isnull', True)), fields=('union', 'name'), name='rights_openness_category_name_once', violation_error_message='本工会已有同名的公开类别。')],
            },
        ),
        migrations.CreateModel(
            name='OpennessPoll',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('evaluation', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='openness_poll', to='congress.evaluation', verbose_name='民主评议')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.union', verbose_name='工会')),
            ],
            options={
                'verbose_name': '公开满意度测评',
                'verbose_name_plural': '公开满意度测评',
                'constraints': [models.UniqueConstraint(fields=('union', 'year'), name='rights_openness_poll_once', violation_error_message='本年度已设置公开满意度测评。')],
            },
        ),
        migrations.CreateModel(
            name='OpennessPublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('period', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='所属月份或季度')),
                ('event_on', models.DateField(blank=True, null=True, verbose_name='事项发生日期')),
                ('title', models.CharField(max_length=120, verbose_name='公开事项')),
                ('content', models.TextField(blank=True, verbose_name='公开内容摘要')),
                ('published_on', models.DateField(verbose_name='公开日期')),
                ('channel', models.CharField(choices=[('board', '公开栏'), ('congress', '职代会'), ('intranet', '内网'), ('wechat', '微信群'), ('briefing', '厂情发布会'), ('other', '其他')], max_length=10, verbose_name='公开形式')),
                ('channel_note', models.CharField(blank=True, max_length=100, verbose_name='公开地点或说明')),
                ('evidence_name', models.CharField(blank=True, max_length=200, verbose_name='佐证文件名')),
                ('evidence_type', models.CharField(blank=True, max_length=100, verbose_name='佐证文件类型')),
                ('evidence_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='佐证文件大小（字节）')),
                ('evidence_sha256', models.CharField(blank=True, max_length=64, verbose_name='佐证文件校验值')),
                ('due_on', models.DateField(verbose_name='公开截止日期')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='登记时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='撤回时间')),
                ('withdraw_reason', models.CharField(blank=True, max_length=200, verbose_name='撤回原因')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publications', to='rights.opennesscategory', verbose_name='公开类别')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('sitting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='openness_publications', to='congress.sitting', verbose_name='职代会会次')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='openness_publications', to='orgs.union', verbose_name='工会')),
                ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤回人')),
            ],
            options={
                'verbose_name': '公开记录',
                'verbose_name_plural': '公开记录',
                'ordering': ['-published_on', '-id'],
                'indexes': [models.Index(fields=['union', 'year'], name='rights_openness_union_year'), models.Index(fields=['union', 'due_on'], name='rights_openness_union_due')],
                'constraints': [models.CheckConstraint(condition=models.Q(('period__isnull', False), ('event_on__isnull', False), _connector='OR'), name='rights_openness_has_a_period', violation_error_message='请填写所属期间或事项发生日期。')],
            },
        ),
        migrations.CreateModel(
            name='OpennessQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='问题')),
                ('asked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='提问时间')),
                ('answer', models.TextField(blank=True, verbose_name='答复')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='openness_questions', to='orgs.member', verbose_name='提问会员')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='questions', to='rights.opennesspublication', verbose_name='公开记录')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.union', verbose_name='工会')),
            ],
            options={
                'verbose_name': '公开事项提问',
                'verbose_name_plural': '公开事项提问',
                'ordering': ['publication_id', 'asked_at', 'id'],
            },
        ),
    ]
