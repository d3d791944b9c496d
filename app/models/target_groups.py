"""The movement's target groups (đối tượng thi đua), as the seed plan's section III divides them.

A unit's group follows from its kind, so registrations, reports and their aggregation never ask for it:
departments, agencies, public service units and localities form one group; the Fatherland Front and the
mass organisations another; enterprises a third; individuals (people, not units) the fourth.
"""
import enum

from flask_babel import lazy_gettext as _l

from app.models.org import UnitKind


class TargetGroup(enum.Enum):
    AGENCIES_AND_LOCALITIES = "agencies_and_localities"
    FRONT_AND_MASS_ORGANISATIONS = "front_and_mass_organisations"
    ENTERPRISES = "enterprises"
    INDIVIDUALS = "individuals"

    @property
    def label(self):
        return {
            TargetGroup.AGENCIES_AND_LOCALITIES: _l("Departments, agencies and localities"),
            TargetGroup.FRONT_AND_MASS_ORGANISATIONS: _l("Fatherland Front and mass organisations"),
            TargetGroup.ENTERPRISES: _l("Enterprises"),
            TargetGroup.INDIVIDUALS: _l("Individuals"),
        }[self]


_BY_UNIT_KIND = {
    UnitKind.DEPARTMENT: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.COMMUNE: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.WARD: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.SPECIAL_ZONE: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.PUBLIC_SERVICE: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.SUB_UNIT: TargetGroup.AGENCIES_AND_LOCALITIES,
    UnitKind.MASS_ORGANISATION: TargetGroup.FRONT_AND_MASS_ORGANISATIONS,
    UnitKind.ENTERPRISE: TargetGroup.ENTERPRISES,
}


def target_group_of(kind: UnitKind) -> TargetGroup:
    """The group a unit of this kind belongs to (every kind has one: a new kind must be placed here)."""
    return _BY_UNIT_KIND[kind]
