"""The classifier's vocabulary: its labels, the modes of a contact, and the one map between them."""

from enum import StrEnum


class Label(StrEnum):
    """What an article reports about Xi and Putin (README, "Classification and meetings")."""

    meeting = "meeting"
    video_meeting = "video_meeting"
    phone_call = "phone_call"
    announcement = "announcement"
    mention = "mention"
    unrelated = "unrelated"


class Mode(StrEnum):
    """How a contact was held."""

    in_person = "in_person"
    video = "video"
    phone = "phone"


LABELS: tuple[Label, ...] = tuple(Label)
# The three labels that report a contact, and how it was held.
MODE_OF_LABEL: dict[Label, Mode] = {
    Label.meeting: Mode.in_person,
    Label.video_meeting: Mode.video,
    Label.phone_call: Mode.phone,
}
LABEL_OF_MODE: dict[Mode, Label] = {mode: label for label, mode in MODE_OF_LABEL.items()}
# `is_meeting`: the two labels where the leaders met, in person or by video link.
MEETING_LABELS = frozenset({Label.meeting, Label.video_meeting})


def is_meeting(label: str | None) -> bool:
    """True for `meeting` and `video_meeting`."""
    return label in MEETING_LABELS
