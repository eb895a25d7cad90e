"""A timed course agenda from session plans: pure arithmetic, no I/O.

Sessions run in the course's order, whole, one after the other. Breaks and lunch fall at the
activity boundary nearest to their time (a break is never taken in the middle of an activity), and
each piece of a session cut by one names the activities it runs;
a session that would run past the end of the day starts the next day. What does not fit is an
error that says how much is over and which sessions to drop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ctmanual.model import SessionPlan
from ctmanual.model_course import Course, minutes_of


@dataclass(frozen=True)
class Slot:
    start: int  # minutes from midnight
    end: int
    kind: str  # session, break, lunch
    session: SessionPlan | None = None
    continued: bool = False  # the second part of a session, after a break
    # When a break cuts a session: the numbers (from 1) of the activities run in this piece; empty when
    # the session runs whole.
    activities: tuple[int, ...] = ()

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass
class Day:
    number: int
    block: int  # 1-based block of consecutive days (2 x 2-day format: days 1-2 block 1, 3-4 block 2)
    slots: list[Slot] = field(default_factory=list)
    pending: list[tuple[int, int, str]] = field(default_factory=list)  # pauses not yet taken: (due, minutes, kind)

    @property
    def end(self) -> int:
        return self.slots[-1].end if self.slots else 0

    @property
    def teaching_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots if slot.kind == "session")


@dataclass
class Agenda:
    course: Course
    days: list[Day]
    problems: list[str] = field(default_factory=list)  # empty when everything fits


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_agenda(course: Course, sessions: list[SessionPlan]) -> Agenda:
    days = [Day(number, _block(course, number), pending=_pauses(course)) for number in range(1, course.days + 1)]
    agenda = Agenda(course, days)
    queue = list(sessions)
    for day in days:
        while queue and _add(course, day, queue[0]):
            queue.pop(0)
        if queue and not day.slots:
            agenda.problems.append(_too_long(course, queue.pop(0)))
            while queue and _add(course, day, queue[0]):
                queue.pop(0)
    if queue:
        agenda.problems.append(_left_over(course, queue))
    return agenda


def _block(course: Course, number: int) -> int:
    total = 0
    for index, size in enumerate(course.blocks or [course.days], start=1):
        total += size
        if number <= total:
            return index
    return 1


def _pauses(course: Course) -> list[tuple[int, int, str]]:
    pauses = [(minutes_of(p.at), p.minutes, "break") for p in course.breaks]
    if course.lunch:
        pauses.append((minutes_of(course.lunch.at), course.lunch.minutes, "lunch"))
    return sorted(pauses)


def _add(course: Course, day: Day, session: SessionPlan) -> bool:
    """Place `session` after what the day holds; False (and nothing placed) if it would run over."""
    now = day.end or minutes_of(course.start)
    pending = list(day.pending)
    slots: list[Slot] = []
    part_start, continued, piece = now, False, []
    for number, activity in enumerate(session.activities, start=1):
        for pause in [p for p in pending if p[0] < now + activity.minutes / 2]:
            if now > part_start:
                slots.append(Slot(part_start, now, "session", session, continued, tuple(piece)))
                continued, piece = True, []
            slots.append(Slot(now, now + pause[1], pause[2]))
            now += pause[1]
            part_start = now
            pending.remove(pause)
        now += activity.minutes
        piece.append(number)
    if now > minutes_of(course.end):
        return False
    slots.append(Slot(part_start, now, "session", session, continued, tuple(piece)))
    if sum(slot.kind == "session" for slot in slots) == 1:  # not cut: the session is named, not its activities
        slots = [replace(slot, activities=()) for slot in slots]
    day.slots += slots
    day.pending = pending
    return True


def format_agenda(agenda: Agenda, titles: dict[str, str]) -> str:
    """The agenda as plain text, a line per slot."""
    out = [f"{agenda.course.title}: {agenda.course.days} days, {agenda.course.start}-{agenda.course.end}"]
    for day in agenda.days:
        out.append(f"\nDay {day.number}" + (f" (block {day.block})" if agenda.course.blocks else ""))
        for slot in day.slots:
            what = {"break": "Break", "lunch": "Lunch"}.get(slot.kind) or titles.get(slot.session.id, slot.session.title)
            note = " (continued)" if slot.continued else ""
            out.append(f"  {clock(slot.start)}-{clock(slot.end)}  {what}{note}{piece_text(slot)}")
        if not day.slots:
            out.append("  (free)")
    return "\n".join(out)


def named_activities(slot: Slot) -> tuple[int, ...]:
    """The activities a piece names: all of one or two, else its first and its last."""
    return slot.activities if len(slot.activities) <= 2 else (slot.activities[0], slot.activities[-1])


def piece_text(slot: Slot) -> str:
    """What a piece of a session cut by a break runs, as plain text: ": 1. Title; 2. Title", or
    ": 1. Title – 4. Title" for more than two."""
    if not slot.activities:
        return ""
    joint = "; " if len(slot.activities) <= 2 else " – "
    return ": " + joint.join(f"{n}. {slot.session.activities[n - 1].title}" for n in named_activities(slot))


def _too_long(course: Course, session: SessionPlan) -> str:
    return (f"session '{session.id}' ({session.duration} min) does not fit in a training day of "
            f"{course.start}-{course.end} with its breaks: make the day longer or leave the session out")


def _left_over(course: Course, sessions: list[SessionPlan]) -> str:
    minutes = sum(s.duration for s in sessions)
    names = ", ".join(f"{s.id} ({s.duration} min)" for s in sessions)
    what = "1 session" if len(sessions) == 1 else f"{len(sessions)} sessions"
    verb = "does" if len(sessions) == 1 else "do"
    return (f"{what} ({minutes} min) {verb} not fit in {course.days} days: {names}. "
            f"Drop {'it' if len(sessions) == 1 else 'them'} from `sessions:` or add a day")
