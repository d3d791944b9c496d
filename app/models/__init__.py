"""All models, importable from one place (``from app.models import Dossier``)."""
from app.models.assignments import Delegation, DelegationMode, DelegationScope, RoleAssignment, RoleAuditEvent  # noqa: F401
from app.models.awards import (  # noqa: F401
    AttachmentType,
    Award,
    AwardLevel,
    AwardType,
    Campaign,
    CampaignKind,
    Movement,
    NomineeKind,
    ThresholdBase,
    award_required_attachment,
)
from app.models.campaign_kinds import CampaignKindPolicy, CampaignKindStageDeadline  # noqa: F401
from app.models.certificates import CertificateField, CertificateLayout, FieldKey, SettingChange  # noqa: F401
from app.models.council import CouncilAgendaItem, CouncilSession  # noqa: F401
from app.models.decisions import (  # noqa: F401
    AwardDecision,
    BasisIssuers,
    DecisionCounter,
    DecisionEvent,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    LegalBasis,
    SalaryBase,
    Signer,
    SignerMode,
    StageDeadline,
    WorkingDayOverride,
)
from app.models.documents import DocumentTemplate  # noqa: F401
from app.models.dossiers import Attachment, Dossier, DossierEvent, Gender  # noqa: F401
from app.models.eligibility import DisciplineStatus, EligibilityRule, Rating, RuleKind, Scope, Verdict  # noqa: F401
from app.models.eligibility_review import EligibilityReview  # noqa: F401
from app.models.files import StoredFile, StoredFileChunk  # noqa: F401
from app.models.hats import Hat  # noqa: F401
from app.models.movement_plans import (  # noqa: F401
    ContentGroup,
    DigitalTransformationScore,
    LaunchStatus,
    MovementEvent,
    MovementLaunch,
    MovementPhase,
    Registration,
    RegistrationReopening,
    RegistrationTarget,
    RegistrationYear,
    TargetKind,
    UnitPlan,
)
from app.models.notifications import Notification, NotificationPreference  # noqa: F401
from app.models.org import Cluster, ClusterKind, ClusterLeadership, ClusterMembership, Unit, UnitKind  # noqa: F401
from app.models.public_comments import PublicComment  # noqa: F401
from app.models.registry import (  # noqa: F401
    Collective,
    CollectiveKind,
    CollectiveYearReport,
    Discipline,
    Initiative,
    OccupationGroup,
    PerformanceRating,
    Person,
    PersonPosition,
    RegistryEntry,
    RegistryEvent,
    RegistrySource,
)
from app.models.reports import (  # noqa: F401
    FigureType,
    ReportAction,
    ReportAttachment,
    ReportEvent,
    ReportFigure,
    ReportFrequency,
    ReportReminder,
    ReportRound,
    ReportSchedule,
    ReportStatus,
    ReportValue,
    RoundKind,
    UnitReport,
)
from app.models.saved_filters import SavedFilter  # noqa: F401
from app.models.scoring import (  # noqa: F401
    AcclamationVote,
    ClusterMeeting,
    ClusterMeetingAttendance,
    ClusterScoring,
    ItemKind,
    ScoreEntry,
    ScoreSheet,
    ScoringEvent,
    ScoringGroup,
    ScoringItem,
    ScoringStatus,
    SheetStatus,
    TieBreak,
)
from app.models.settings import PERSONAL_ID_ENABLED, Setting  # noqa: F401
from app.models.states import EDITABLE_STATES, FINAL_STATES, INACTIVE_STATES, State  # noqa: F401
from app.models.users import Role, User  # noqa: F401


def register_template_enums(app) -> None:
    """Templates compare with the enums themselves (``dossier.state == State.RETURNED``), never with strings."""
    app.jinja_env.globals.update(State=State, ScoringStatus=ScoringStatus, SheetStatus=SheetStatus, ItemKind=ItemKind)
