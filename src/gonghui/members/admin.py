from gonghui.core.admin import register_read_only

from .models import ImportRun, JoinApplication, MemberEvent

# Member itself is registered by orgs, where the model lives.
register_read_only(MemberEvent, JoinApplication, ImportRun)
