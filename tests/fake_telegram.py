"""A fake Telegram Bot API server on 127.0.0.1, for driving the real python-telegram-bot offline.

It answers the methods Hearback uses the way Telegram does (JSON `{"ok": ..., "result": ...}`,
HTTP status codes for errors), records every request, serves queued updates to getUpdates (long
polling, an update stays until a later offset confirms it), and parses HTML like Telegram: a
message whose markup is not well-formed, or whose text is over 4096 characters, is refused with
400. Failures can be scripted per method (429 with retry_after, 403, a 5xx, an answer slower
than the client waits, a dropped connection), and chats can block the bot (403 on every send).
Groups (negative chat ids) have a title; a user can have never started a private chat with the
bot, and the bot can be kicked from a group (403 on every send there, with Telegram's wording);
group messages, membership changes (my_chat_member, chat_member) and service messages (a member
left) can be queued as updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "HearbackBot"
JSON_FIELDS = frozenset({"reply_markup", "commands", "allowed_updates", "link_preview_options",
                         "scope", "entities"})
ENTITY_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
                "s": "strikethrough", "code": "code", "pre": "pre"}
MAX_TEXT = 4096


class ParseError(Exception):
    pass


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ENTITY_TYPES:
            raise ParseError(f"Unsupported start tag \"{tag}\"")
        self.open.append((tag, utf16_len(self.text)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise ParseError(f"Unmatched end tag \"{tag}\"")
        _, start = self.open.pop()
        end = utf16_len(self.text)
        if end > start:
            self.entities.append({"type": ENTITY_TYPES[tag], "offset": start,
                                  "length": end - start})

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities, as Telegram would make them; ParseError when malformed."""
    parser = _TelegramHtml()
    parser.feed(markup)
    parser.close()
    if parser.open:
        raise ParseError(f"Can't find end tag corresponding to start tag \"{parser.open[-1][0]}\"")
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


@dataclass
class Call:
    """One request the bot made: the method and its decoded parameters."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    status: int = 200

    @property
    def chat_id(self) -> int | None:
        raw = self.params.get("chat_id")
        return int(raw) if raw is not None else None

    @property
    def text(self) -> str:
        """sendMessage/editMessageText: the text the user sees (markup parsed)."""
        markup = self.params.get("text", "")
        if self.params.get("parse_mode") != "HTML":
            return str(markup)
        return parse_html(str(markup))[0]

    @property
    def keyboard(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (label, callback data)."""
        markup = self.params.get("reply_markup") or {}
        return [[(b["text"], b.get("callback_data", "")) for b in row]
                for row in markup.get("inline_keyboard", [])]

    @property
    def urls(self) -> list[tuple[str, str]]:
        """The keyboard's link buttons as (label, url)."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b["url"]) for row in markup.get("inline_keyboard", []) for b in row
                if "url" in b]

    @property
    def labels(self) -> list[str]:
        return [label for row in self.keyboard for label, _ in row]


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1
    delay: float = 0.0  # answer only after this long (longer than the client waits: a timeout)
    reset: bool = False  # drop the connection without an answer


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.updates: list[dict[str, Any]] = []
        self.failures: dict[str, list[Failure]] = {}
        self.blocked: set[int] = set()  # chats that blocked the bot: every send gets 403
        # Chats whose every send gets 403 with this description (see never_started, kick).
        self.refused: dict[int, str] = {}
        self.titles: dict[int, str] = {}  # group titles (default "Cohort")
        # Messages deleteMessage refuses, as Telegram does for a bot's group messages older
        # than 48 hours ("message can't be deleted"); editing them still works.
        self.undeletable: set[int] = set()
        self.webhook: dict[str, Any] | None = None
        self.members: dict[int, set[int]] = {}  # group -> its members' user ids
        self.descriptions: dict[str, str] = {}  # language code ("" default) -> description
        self.short_descriptions: dict[str, str] = {}
        self.base_url = ""
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._pusher: asyncio.Task[None] | None = None
        self.pushed = 0  # webhook POSTs answered 200

    # -- server ---------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    async def stop(self) -> None:
        self._closing = True  # long polls still held open (the bot has gone) end now
        if self._pusher is not None:
            self._pusher.cancel()
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                elif key in JSON_FIELDS:
                    params[key] = json.loads(value)
                else:
                    params[key] = value
        params.update({k: v for k, v in request.query.items() if k not in params})
        call = Call(method, params, files)
        if request.match_info["token"] != self.token:
            return await self._record(call, self._error(401, "Unauthorized"))
        if (refused := self._admit(call)) is not None:
            return await self._record(call, refused)
        queued = self.failures.get(method)
        if queued:
            failure = queued[0]
            failure.times -= 1
            if failure.times <= 0:
                queued.pop(0)
            extra = {"retry_after": failure.retry_after} if failure.retry_after else None
            if failure.reset:
                await self._record(call, web.Response(status=0))  # status 0: never answered
                assert request.transport is not None
                request.transport.abort()  # the client sees the connection go, no answer
                return web.Response()
            if failure.delay:
                await asyncio.sleep(failure.delay)  # the server is slow; the test never waits
            return await self._record(call, self._error(failure.status, failure.description,
                                                        extra))
        if method.startswith("send") and call.chat_id in self.blocked:
            return await self._record(call, self._error(
                403, "Forbidden: bot was blocked by the user"))
        if method.startswith("send") and call.chat_id in self.refused:
            return await self._record(call, self._error(403, self.refused[call.chat_id]))
        if method == "getUpdates":
            await self._record(call, None)
            return self._ok(await self._get_updates(params))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return await self._record(call, self._error(404, "Not Found"))
        try:
            result = handler(params, files)
        except ParseError as exc:
            return await self._record(call, self._error(
                400, f"Bad Request: can't parse entities: {exc}"))
        except ValueError as exc:
            return await self._record(call, self._error(400, f"Bad Request: {exc}"))
        return await self._record(call, self._ok(result))

    def _admit(self, call: Call) -> web.Response | None:
        """A subclass's say on a request before it is handled (e.g. a rate limit's 429)."""
        return None

    async def _record(self, call: Call, response: web.Response | None) -> web.Response:
        call.status = response.status if response is not None else 200
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()
        return response or self._ok(None)

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str,
               parameters: dict[str, Any] | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    # -- methods ----------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Hearback",
                "username": BOT_USERNAME, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    def _m_getMe(self, params: dict[str, Any], files: Any) -> Any:
        return self._bot_user()

    def _m_setMyCommands(self, params: dict[str, Any], files: Any) -> Any:
        for command in params["commands"]:
            if not 1 <= len(command["command"]) <= 32 or not 1 <= len(command["description"]) \
                    <= 256:
                raise ValueError("BOT_COMMAND_INVALID")
        return True

    # The bot's profile texts, as set by setMyDescription / setMyShortDescription (per
    # language_code, "" the default), with Telegram's limits.
    def _m_getMyDescription(self, params: dict[str, Any], files: Any) -> Any:
        return {"description": self.descriptions.get(params.get("language_code", ""), "")}

    def _m_setMyDescription(self, params: dict[str, Any], files: Any) -> Any:
        text = str(params.get("description", ""))
        if len(text) > 512:
            raise ValueError("description is too long")
        self.descriptions[str(params.get("language_code", ""))] = text
        return True

    def _m_getMyShortDescription(self, params: dict[str, Any], files: Any) -> Any:
        return {"short_description": self.short_descriptions.get(
            params.get("language_code", ""), "")}

    def _m_setMyShortDescription(self, params: dict[str, Any], files: Any) -> Any:
        text = str(params.get("short_description", ""))
        if len(text) > 120:
            raise ValueError("short description is too long")
        self.short_descriptions[str(params.get("language_code", ""))] = text
        return True

    def _m_getChat(self, params: dict[str, Any], files: Any) -> Any:
        chat = self._chat(params["chat_id"])
        if int(chat["id"]) in self.refused:
            raise ValueError("chat not found")
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}

    def _m_getChatMember(self, params: dict[str, Any], files: Any) -> Any:
        """Members of a group: whoever wrote in it (group_update), and those added by hand."""
        chat, user = int(params["chat_id"]), int(params["user_id"])
        status = "member" if user in self.members.get(chat, set()) else "left"
        return {"user": self.user(user), "status": status}

    def _m_sendChatAction(self, params: dict[str, Any], files: Any) -> Any:
        if params.get("action") not in ("typing", "upload_document", "upload_photo"):
            raise ValueError("wrong type of action")
        self._chat(params["chat_id"])
        return True

    def _m_deleteWebhook(self, params: dict[str, Any], files: Any) -> Any:
        self.webhook = None
        return True

    def _m_setWebhook(self, params: dict[str, Any], files: Any) -> Any:
        self.webhook = params
        return True

    def _m_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> Any:
        if len(params.get("text", "")) > 200:
            raise ValueError("MESSAGE_TOO_LONG")
        return True

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        cid = int(chat_id)
        if cid < 0:
            return {"id": cid, "type": "group", "title": self.titles.get(cid, "Cohort")}
        return {"id": cid, "type": "private", "first_name": "Ada"}

    def _text_and_entities(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        markup = str(params.get("text", ""))
        text, entities = (parse_html(markup) if params.get("parse_mode") == "HTML"
                          else (markup, []))
        if not text.strip():
            raise ValueError("message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise ValueError("message is too long")
        return text, entities

    def _check_markup(self, params: dict[str, Any]) -> None:
        rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
        if sum(len(row) for row in rows) > 100:  # Telegram: at most 100 buttons a keyboard
            raise ValueError("REPLY_MARKUP_TOO_LONG")
        for row in rows:
            if len(row) > 8:  # Telegram: at most 8 buttons a row
                raise ValueError("BUTTON_TYPE_INVALID")
            for button in row:
                if not button.get("text"):
                    raise ValueError("BUTTON_TEXT_INVALID")
                if "url" in button:
                    if not str(button["url"]).startswith(("https://", "http://", "tg://")):
                        raise ValueError("BUTTON_URL_INVALID")
                    continue
                if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                    raise ValueError("BUTTON_DATA_INVALID")

    def _m_sendMessage(self, params: dict[str, Any], files: Any) -> Any:
        text, entities = self._text_and_entities(params)
        self._check_markup(params)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(params["chat_id"]), "from": self._bot_user(), "text": text}
        if entities:
            message["entities"] = entities
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[message["message_id"]] = message
        return message

    def _m_sendDocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        filename, data = files["document"]
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(params["chat_id"]), "from": self._bot_user(),
            "document": {"file_id": f"doc{len(self.messages)}", "file_unique_id": "u",
                                "file_name": filename, "file_size": len(data)}}
        self.messages[message["message_id"]] = message
        return message

    def _m_sendPhoto(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        _name, data = files["photo"]
        if not data.startswith(b"\x89PNG") and not data.startswith(b"\xff\xd8"):
            raise ValueError("IMAGE_PROCESS_FAILED")  # Telegram refuses what is not an image
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(params["chat_id"]), "from": self._bot_user(),
            "photo": [{"file_id": f"photo{len(self.messages)}", "file_unique_id": "p",
                       "width": 770, "height": 300, "file_size": len(data)}]}
        self.messages[message["message_id"]] = message
        return message

    def _stored(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get(int(params["message_id"]))
        if message is None or message["chat"]["id"] != int(params["chat_id"]):
            raise ValueError("message to edit not found")
        return message

    def _m_editMessageText(self, params: dict[str, Any], files: Any) -> Any:
        message = self._stored(params)
        text, entities = self._text_and_entities(params)
        self._check_markup(params)
        if text == message.get("text") and entities == message.get("entities", []) and \
                params.get("reply_markup") == message.get("reply_markup"):
            raise ValueError("message is not modified")
        message["text"] = text
        message["entities"] = entities
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_deleteMessage(self, params: dict[str, Any], files: Any) -> Any:
        message = self._stored(params)  # "message to delete not found" in Telegram's words
        if message["message_id"] in self.undeletable:
            raise ValueError("message can't be deleted")
        del self.messages[message["message_id"]]
        return True

    def in_chat(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages the chat shows now (deleted ones gone, edits applied)."""
        return [m for m in self.messages.values() if m["chat"]["id"] == chat_id]

    def _m_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> Any:
        message = self._stored(params)
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = asyncio.get_running_loop().time() + timeout
        async with self._changed:
            while not self.updates and not self._closing:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), timeout=left)
                except TimeoutError:
                    break
        return list(self.updates[:limit])

    # -- webhook ----------------------------------------------------------------------------
    def push_webhook(self, origin: str, pause: float = 0.05) -> None:
        """Deliver queued updates to the webhook set with setWebhook, as Telegram does: one
        POST at a time, oldest first, with the secret header; an update is dropped only once
        the bot answered 200, else posted again after `pause` (the bot down, an error).
        `origin` ("http://127.0.0.1:<port>") stands for the TLS proxy in front of the bot: the
        path is the webhook URL's."""
        self._pusher = asyncio.get_running_loop().create_task(self._push(origin, pause))

    async def _push(self, origin: str, pause: float) -> None:
        async with aiohttp.ClientSession() as session:
            while not self._closing:
                hook = self.webhook
                if hook is None or not self.updates:
                    async with self._changed:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._changed.wait(), timeout=pause)
                    continue
                update = self.updates[0]
                headers = {}
                if hook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
                url = origin + urlsplit(str(hook["url"])).path
                try:
                    async with session.post(url, json=update, headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=10)) as answer:
                        ok = answer.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    if self.updates and self.updates[0] is update:
                        self.updates.pop(0)
                    self.pushed += 1
                else:
                    await asyncio.sleep(pause)

    # -- scripting --------------------------------------------------------------------------
    def fail(self, method: str, status: int, description: str, *, retry_after: int | None = None,
             times: int = 1, delay: float = 0.0, reset: bool = False) -> None:
        self.failures.setdefault(method, []).append(
            Failure(status, description, retry_after, times, delay, reset))

    @staticmethod
    def user(user_id: int, first_name: str = "Ada", last_name: str | None = "Lovelace",
             ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        return user

    def text_update(self, user_id: int, text: str, *, chat_id: int | None = None,
                    first_name: str = "Ada", last_name: str | None = "Lovelace",
                    ) -> dict[str, Any]:
        chat_id = user_id if chat_id is None else chat_id
        chat = self._chat(chat_id)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": self.user(user_id, first_name, last_name), "text": text}
        if text.startswith("/"):
            word = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": utf16_len(word)}]
        return {"update_id": next(self._update_ids), "message": message}

    def sticker_update(self, user_id: int) -> dict[str, Any]:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(user_id), "from": self.user(user_id),
                   "sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                               "width": 512, "height": 512, "is_animated": False,
                               "is_video": False}}
        return {"update_id": next(self._update_ids), "message": message}

    def press_update(self, user_id: int, message_id: int, data: str, *,
                     first_name: str = "Ada", last_name: str | None = "Lovelace",
                     ) -> dict[str, Any]:
        """A press on a button of a message the bot sent (as Telegram has it now)."""
        message = json.loads(json.dumps(self.messages[message_id]))
        return {"update_id": next(self._update_ids), "callback_query": {
            "id": f"cb{next(self._callback_ids)}",
            "from": self.user(user_id, first_name, last_name),
            "chat_instance": "ci1", "message": message, "data": data}}

    # -- groups -----------------------------------------------------------------------------
    def never_started(self, user_id: int) -> None:
        """The user never opened a private chat with the bot: it may not write to them."""
        self.refused[user_id] = "Forbidden: bot can't initiate conversation with a user"

    def kick(self, chat_id: int) -> None:
        """The bot is no longer in the group: every send there is refused."""
        self.refused[chat_id] = "Forbidden: bot was kicked from the group chat"

    def group_update(self, user_id: int, text: str, chat_id: int, *, first_name: str = "Ada",
                     last_name: str | None = "Lovelace", reply_to: int | None = None,
                     ) -> dict[str, Any]:
        """A text message in a group, with the entities Telegram adds (a command at the start,
        @mentions); `reply_to` answers a stored message (one the bot sent)."""
        self.members.setdefault(chat_id, set()).add(user_id)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(chat_id), "from": self.user(user_id, first_name, last_name),
            "text": text}
        entities: list[dict[str, Any]] = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0,
                             "length": utf16_len(text.split()[0])})
        for match in re.finditer(r"(?<![\w@])@\w{5,32}", text):
            offset = utf16_len(text[:match.start()])
            if not any(e["offset"] <= offset < e["offset"] + e["length"] for e in entities):
                entities.append({"type": "mention", "offset": offset,
                                 "length": utf16_len(match.group())})
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = json.loads(json.dumps(self.messages[reply_to]))
        return {"update_id": next(self._update_ids), "message": message}

    def left_member_update(self, chat_id: int, user_id: int, *,
                           by: int | None = None) -> dict[str, Any]:
        """The service message "X left the group" (or "Y removed X", `by` Y); user_id BOT_ID is
        the bot itself."""
        left = self._bot_user() if user_id == BOT_ID else self.user(user_id)
        actor = left if by is None else self.user(by)
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id), "from": actor, "left_chat_member": left}
        return {"update_id": next(self._update_ids), "message": message}

    def my_chat_member_update(self, chat_id: int, status: str, *, old: str = "member",
                              by: int = 1001) -> dict[str, Any]:
        """The bot's own membership changed: "member", "left" or "kicked" (removed and banned).
        In a private chat (chat_id > 0) "kicked" means the user blocked the bot."""
        return self._member_update("my_chat_member", chat_id, self._bot_user(), status, old, by)

    def chat_member_update(self, chat_id: int, user_id: int, status: str, *,
                           old: str = "member") -> dict[str, Any]:
        """A member's status changed (sent to bots that are administrators of the group)."""
        return self._member_update("chat_member", chat_id, self.user(user_id), status, old,
                                   user_id)

    def _member_update(self, kind: str, chat_id: int, member: dict[str, Any], status: str,
                       old: str, by: int) -> dict[str, Any]:
        def state(value: str) -> dict[str, Any]:
            out: dict[str, Any] = {"user": member, "status": value}
            if value == "kicked":
                out["until_date"] = 0
            return out

        return {"update_id": next(self._update_ids), kind: {
            "chat": self._chat(chat_id), "from": self.user(by), "date": int(time.time()),
            "old_chat_member": state(old), "new_chat_member": state(status)}}

    async def queue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Telegram has a new update for the bot (served to getUpdates)."""
        self.updates.append(update)
        self.updates.sort(key=lambda u: u["update_id"])
        async with self._changed:
            self._changed.notify_all()
        return update

    # -- inspecting -------------------------------------------------------------------------
    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `condition()` is truthy (re-checked after each request); return it."""
        async def check() -> Any:
            async with self._changed:
                while not (result := condition()):
                    await self._changed.wait()
                return result
        return await asyncio.wait_for(check(), timeout=timeout)

    def methods(self, *, polling: bool = False) -> list[str]:
        return [c.method for c in self.calls if polling or c.method != "getUpdates"]

    def sent(self, chat_id: int | None = None, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == "sendMessage" and c.status == 200
                and (chat_id is None or c.chat_id == chat_id)]

    def last_with_button(self, chat_id: int, label: str) -> tuple[int, str]:
        """The newest message in the chat still showing a button `label`: (message id, data)."""
        for message_id in sorted(self.messages, reverse=True):
            message = self.messages[message_id]
            if message["chat"]["id"] != chat_id:
                continue
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label:
                        return message_id, button["callback_data"]
        raise AssertionError(f"no message in chat {chat_id} shows a button {label!r}")
