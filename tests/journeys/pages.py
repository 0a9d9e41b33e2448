"""What the journey stories share: a person at their own browser (a test client), who reads a page, fills in one of
its forms as the page offers it (the choices picked by what their labels say, never by a database id) and sends it;
their "My work" list as the page shows it; and the emails the outbox holds, read as each person receives them.

Every step is taken through the pages, as the person would take it, and its transaction is let commit
(`django_capture_on_commit_callbacks`), so that what a step tells the people it concerns is told as in production;
the queued emails are then sent by running the worker's jobs in this process."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.core import mail
from django.test import Client

from tests.support import run_queued_jobs

Commits = Callable[..., AbstractContextManager[Any]]
Sent = Any  # the test client's response


@dataclass
class Control:
    """One field of a form as the browser sees it: its name, its kind, its value, whether it is on (a checkbox, a
    radio button, an option), and the text of its label (an option's own text)."""

    name: str
    kind: str
    value: str
    on: bool = False
    label: str = ""


@dataclass
class Form:
    action: str
    ident: str
    classes: list[str]
    controls: list[Control] = field(default_factory=list)

    def sent_as_is(self) -> dict[str, list[str]]:
        """What the browser sends when nothing is changed: every text field, the ticked boxes, the chosen option of
        each list (the first when none is marked)."""
        data: dict[str, list[str]] = {}
        lists: dict[str, list[Control]] = {}
        for control in self.controls:
            if control.kind in ("submit", "button", "file"):
                continue
            if control.kind == "option":
                lists.setdefault(control.name, []).append(control)
            elif control.kind in ("checkbox", "radio"):
                data.setdefault(control.name, [])
                if control.on:
                    data[control.name].append(control.value)
            else:
                data[control.name] = [control.value]
        for name, options in lists.items():
            chosen = [option.value for option in options if option.on]
            data[name] = chosen or [options[0].value]
        return data

    def value_of(self, name: str, label: str) -> str:
        """The value of the choice of `name` (an option, a box, a radio button) whose label says `label`."""
        offered = [c for c in self.controls if c.name == name and c.kind in ("option", "checkbox", "radio")]
        found = [c.value for c in offered if label in c.label]
        assert len(found) == 1, f"{name}: {label!r} is not one of {[c.label for c in offered]}"
        return found[0]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._label: list[str] | None = None
        self._labelled: list[Control] = []
        self._option: Control | None = None
        self._select = ""
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(given.get("action", ""), given.get("id", ""), given.get("class", "").split())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = given.get("name", "")
        if tag == "label":
            self._label, self._labelled = [], []
        elif tag == "input" and name:
            kind = given.get("type", "text")
            control = Control(name, kind, given.get("value", "on" if kind in ("checkbox", "radio") else ""))
            control.on = "checked" in given
            self._form.controls.append(control)
            if self._label is not None:
                self._labelled.append(control)
        elif tag == "button" and name:
            self._form.controls.append(Control(name, "submit", given.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            self._option = Control(self._select, "option", given.get("value", ""), "selected" in given)
            self._form.controls.append(self._option)
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea", "")
            self._form.controls.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)
        if self._option is not None:
            self._option.label += data
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "label" and self._label is not None:
            for control in self._labelled:
                control.label = " ".join("".join(self._label).split())
            self._label = None
        elif tag == "option" and self._option is not None:
            self._option.label = " ".join(self._option.label.split())
            self._option = None
        elif tag == "select":
            self._select = ""
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def form_on(page: str, which: str) -> Form:
    """The one form of the page whose action contains `which`, or whose id or one of whose classes is `which`."""
    parser = _Forms()
    parser.feed(page)
    if which:
        found = [form for form in parser.forms if which in form.action or which in (form.ident, *form.classes)]
    else:  # the page's own form, sent back to its address
        found = [form for form in parser.forms if not form.action]
    assert len(found) == 1, f"{len(found)} forms match {which!r}: {[f.action or f.ident for f in parser.forms]}"
    return found[0]


# --------------------------------------------------------------------------------------------- one person


@dataclass
class Person:
    """Somebody in the story at their own browser."""

    who: str  # what the story calls them
    email: str
    client: Client
    commits: Commits

    def read(self, path: str) -> str:
        answer = self.client.get(path)
        assert answer.status_code == 200, f"{self.who}: GET {path} answered {answer.status_code}"
        return str(answer.content.decode())

    def post(self, path: str, data: Mapping[str, Any], *, expect: int = 302) -> Sent:
        """Send a form and let the step's transaction commit, as a request's does."""
        with self.commits(execute=True):
            answer = self.client.post(path, data)
        assert answer.status_code == expect, (
            f"{self.who}: POST {path} answered {answer.status_code}, not {expect}:\n{_errors(answer)}"
        )
        return answer

    def send(
        self,
        path: str,
        which: str,
        *,
        choose: Mapping[str, str | Sequence[str]] | None = None,
        fill: Mapping[str, str] | None = None,
        expect: int = 302,
    ) -> Sent:
        """Open `path`, fill in its form `which` as a person would (`choose`: a field's choices by what their labels
        say; `fill`: typed values and pressed buttons) and send it."""
        form = form_on(self.read(path), which)
        data = form.sent_as_is()
        for name, labels in (choose or {}).items():
            wanted = [labels] if isinstance(labels, str) else list(labels)
            data[name] = [form.value_of(name, label) for label in wanted]
        for name, value in (fill or {}).items():
            data[name] = [value]
        return self.post(form.action.split("#")[0] or path, data, expect=expect)

    def tasks(self) -> list[str]:
        """Their open tasks as "My work" lists them, one line each: what to do | what about."""
        return [f"{what} | {about}" for what, about, _link in self.task_links()]

    def task_links(self) -> list[tuple[str, str, str]]:
        """Their open tasks as "My work" lists them: what to do, what about, and where the link leads; the count
        beside the heading and the one in the navigation say as many."""
        page = self.read("/my/")
        found = re.findall(
            r'<li class="task [\w-]+"><a href="([^"]*)">(.*?)</a>\s*<span class="meta">(.*?)</span>', page, re.S
        )
        listed = [(html.unescape(what).strip(), html.unescape(about).strip(), link) for link, what, about in found]
        count = re.search(r'<h2 id="tasks">[^<]*<span class="count">(\d+)</span>', page)
        assert count is not None and int(count.group(1)) == len(listed), f"{self.who}: the count and list differ"
        navigation = re.search(r'href="/my/">[^<]*<span class="count"[^>]*>(\d+)</span>', page)
        shown = int(navigation.group(1)) if navigation else 0
        assert shown == len(listed), f"{self.who}: the navigation says {shown}, the page lists {len(listed)}"
        if not listed:
            assert "Nothing is assigned to you yet." in page or "아직 맡은 업무가 없습니다." in page
        return listed

    def link_to(self, what: str) -> str:
        """The address the task `what` of "My work" leads to."""
        found = [link for task, _about, link in self.task_links() if task == what]
        assert len(found) == 1, f"{self.who}: {len(found)} tasks read {what!r}"
        return html.unescape(found[0]).split("#")[0]


def _errors(answer: Sent) -> str:
    """The refusals a page shows, for a failing story to say what went wrong."""
    text = answer.content.decode() if hasattr(answer, "content") else ""
    shown = re.findall(r'class="error[^"]*"[^>]*>(.*?)</', text, re.S)
    return "\n".join(html.unescape(error) for error in shown) or text[:2000]


# --------------------------------------------------------------------------------------------- the outbox


class Outbox:
    """The emails sent so far, as each address receives them; `new()` gives those since it was last asked."""

    def __init__(self) -> None:
        self.seen = 0

    def send_queued(self) -> None:
        run_queued_jobs()

    def new(self) -> dict[str, list[str]]:
        """Each address's subjects since the last look, once the worker has sent what was queued."""
        self.send_queued()
        fresh = mail.outbox[self.seen :]
        self.seen = len(mail.outbox)
        return by_address(fresh)

    def everything(self) -> dict[str, list[str]]:
        self.send_queued()
        return by_address(mail.outbox)

    def last_to(self, address: str) -> mail.EmailMessage:
        self.send_queued()
        sent = [message for message in mail.outbox if address in message.to]
        assert sent, f"nothing was sent to {address}"
        return sent[-1]


def page_linked(message: mail.EmailMessage) -> str:
    """The path of the page a notification's email links to."""
    found: list[str] = re.findall(r"https?://[^/\s]+(/\S*)", str(message.body))
    pages = [path for path in found if not path.startswith("/notifications/settings/")]
    assert len(pages) == 1, message.body
    return pages[0].split("#")[0]


def by_address(messages: Sequence[mail.EmailMessage]) -> dict[str, list[str]]:
    received: dict[str, list[str]] = {}
    for message in messages:
        for address in message.to:
            received.setdefault(address, []).append(str(message.subject))
    return received
