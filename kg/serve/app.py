"""The routes of ``kg serve``: one function per page, each reading the graph and filling a template.

Pages are rendered on the server (Jinja2 with autoescaping, so a title or abstract is
always text, never markup); the only script is the graph view's, which fetches
``/api/expand/<id>``. Every response carries a Content-Security-Policy that allows
nothing from another origin, so the app works offline and a page cannot be made to
reach out. Reads go through one lock: the store's client is shared, and a page is a
few milliseconds of Cypher, so serialising them costs nothing a user would see.
"""

from __future__ import annotations

import threading
import time
from importlib import resources
from urllib.parse import parse_qs, quote

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import KgError, QueryError
from ..views.render import script_safe_json, style
from . import facts

ASSETS = {  # the files the pages load, by the name they are served under; nothing else is served
    "serve.css": ("serve/serve.css", "text/css; charset=utf-8"),
    "graph.js": ("serve/graph.js", "text/javascript; charset=utf-8"),
    "favicon.svg": ("serve/favicon.svg", "image/svg+xml"),
    "style.json": ("style.json", "application/json"),
    "vis-network.min.js": ("vendor/vis-network-9.1.2.min.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {
    # 'unsafe-inline' styles: vis-network sizes its canvas, and the legends colour their glyphs, with style
    # attributes; scripts only from this server, so no text in a page can ever run
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
MAX_ABSTRACT = 20_000  # characters a pasted abstract may have; a whole paper is not an abstract
MAX_BODY = 200_000  # bytes of a form post
START_TTL = 60.0  # seconds the start page's counts are kept: they read every concept of a type


def _template(name: str) -> str:
    return resources.files("kg.viz").joinpath("serve").joinpath(name).read_text(encoding="utf-8")


def concept_url(concept_id: str) -> str:
    return "/concept/" + quote(concept_id, safe="")


def paper_url(paper_id: str) -> str:
    return "/paper/" + quote(paper_id, safe="")


def node_url(node_id: str, node_type: str | None) -> str:
    return paper_url(node_id) if node_type == "Paper" else concept_url(node_id)


def relation_words(relation: str) -> str:
    return relation.replace("_", " ").lower()


def _environment() -> Environment:
    env = Environment(loader=FunctionLoader(_template), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(concept_url=concept_url, paper_url=paper_url, node_url=node_url, style=style())
    env.filters["relation"] = relation_words
    env.filters["script_json"] = lambda value: Markup(script_safe_json(value))  # noqa: S704 - escaped for <script>
    return env


def graph_view(centre: str, request: Request) -> dict:
    """What the graph script starts from: the centre, the nodes expanded so far (from the URL), the style."""
    return {"centre": centre, "expand": request.query_params.getlist("expand")[:20], "style": style()}


def placed_view(placed: dict) -> dict:
    """The pasted abstract drawn among its concepts and nearest papers (kg.explore.place.place_graph); a node
    the store holds links to its page and grows on click, the abstract and its new concepts do not."""
    nodes = [{**n, "url": node_url(n["id"], n["type"]) if n["stored"] else None} for n in placed["graph"]["nodes"]]
    return {"centre": placed["centre"], "expand": [], "style": style(),
            "initial": {"nodes": nodes, "edges": placed["graph"]["edges"]}}


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response, pages, JSON and assets alike."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Explorer:
    """The app's state: the graph it reads, one lock for reads, and the templates."""

    def __init__(self, graph):
        self.graph = graph
        self.lock = threading.Lock()
        self.extracting = threading.Lock()
        self.env = _environment()
        self.extractor = None  # the shipped model, loaded at the first abstract placed (seconds, and memory)
        self.start: tuple[float, dict] | None = None  # the start page's counts, kept for START_TTL seconds

    def place_abstract(self, text: str) -> dict:
        with self.extracting:  # the model, not the store: pages keep answering meanwhile
            if self.extractor is None:
                from ..extract import Extractor

                self.extractor = Extractor(workers=1)
            mentions = facts.mentions_of(self.extractor, text)
        return self.read(facts.place, text, mentions)

    def read(self, function, *args, **kwargs):
        with self.lock:
            return function(self.graph, *args, **kwargs)

    def page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("q", "")
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})

    def missing(self, what: str) -> HTMLResponse:
        return self.page("error.html", 404, title="Not found", message=what)

    # --- pages ---------------------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        now = time.monotonic()
        if self.start is None or now - self.start[0] > START_TTL:
            self.start = (now, self.read(facts.start))
        return self.page("home.html", title="kg", **self.start[1])

    def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()[:200]
        found = self.read(facts.search, q) if q else {"hits": [], "note": ""}
        return self.page("search.html", title=f"Search: {q}" if q else "Search", q=q, hits=found["hits"],
                         note=found["note"])

    def concept(self, request: Request) -> Response:
        concept_id = request.path_params["id"]
        try:
            found = self.read(facts.concept, concept_id)
        except facts.NotFound:
            return self.missing(f"No concept with the id {concept_id!r}.")
        return self.page("concept.html", title=found["name"], c=found, graph=graph_view(found["id"], request))

    def paper(self, request: Request) -> Response:
        paper_id = request.path_params["id"]
        try:
            found = self.read(facts.paper, paper_id)
        except facts.NotFound:
            return self.missing(f"No paper with the id {paper_id!r}.")
        return self.page("paper.html", title=found["title"] or found["id"], p=found, graph=graph_view(found["id"], request))

    async def place(self, request: Request) -> Response:
        if request.method == "GET":
            return self.page("place.html", title="Place my abstract", text="", placed=None, error=None)
        text = (await self._form(request)).get("abstract", "").strip()
        error = None
        if not text:
            error = "Paste an abstract first."
        elif len(text) > MAX_ABSTRACT:
            error = f"That is {len(text):,} characters; an abstract of up to {MAX_ABSTRACT:,} is placed."
        placed = None
        if error is None:
            try:
                placed = await run_in_threadpool(self.place_abstract, text)
            except KgError as err:
                error = str(err)
        return self.page("place.html", status=200 if error is None else 400, title="Place my abstract", text=text,
                         placed=placed, error=error, graph=placed_view(placed) if placed else None)

    async def _form(self, request: Request) -> dict[str, str]:
        """The fields of a urlencoded form post (decoded here: Starlette's form parser needs another package)."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise QueryError("send the abstract as a form (application/x-www-form-urlencoded)")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise QueryError(f"the form is over {MAX_BODY:,} bytes; an abstract is shorter")
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}

    def expand(self, request: Request) -> Response:
        node_id = request.path_params["id"]
        try:
            found = self.read(facts.expand, node_id)
        except facts.NotFound as err:
            return JSONResponse({"error": str(err)}, status_code=404)
        for node in found["nodes"]:
            node["url"] = node_url(node["id"], node["type"])
        return JSONResponse(found, headers={"cache-control": "no-store"})

    def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return Response("not found", status_code=404, media_type="text/plain")
        path, media_type = ASSETS[name]
        folder, _, file = path.rpartition("/")
        where = resources.files("kg.viz")
        body = (where.joinpath(folder) if folder else where).joinpath(file).read_bytes()
        return Response(body, media_type=media_type, headers={"cache-control": "max-age=3600"})

    def favicon(self, request: Request) -> Response:
        return Response(status_code=204)


async def _error_page(request: Request, exc: Exception) -> Response:
    """A library error is a page that says what went wrong, with its status; never a traceback."""
    explorer: Explorer = request.app.state.explorer
    status = 400 if isinstance(exc, QueryError) else 500
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=status)
    return explorer.page("error.html", status, title="Error", message=str(exc))


def create_app(graph, hosts: list[str] | None = None) -> Starlette:
    """The Starlette app over ``graph``; only GET (and POST /place) are routed, so any write method is a 405.

    ``hosts``: the names a request may address it by (its Host header); by default this machine's
    loopback names, so a web page elsewhere cannot read the store through a name it points at
    127.0.0.1 (DNS rebinding). ``["*"]`` takes any.
    """
    explorer = Explorer(graph)
    routes = [
        Route("/", explorer.home, methods=["GET"]),
        Route("/search", explorer.search, methods=["GET"]),
        Route("/concept/{id:path}", explorer.concept, methods=["GET"]),
        Route("/paper/{id:path}", explorer.paper, methods=["GET"]),
        Route("/place", explorer.place, methods=["GET", "POST"]),
        Route("/api/expand/{id:path}", explorer.expand, methods=["GET"]),
        Route("/assets/{name}", explorer.asset, methods=["GET"]),
        Route("/favicon.ico", explorer.favicon, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={KgError: _error_page})
    app.state.explorer = explorer
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts or list(LOOPBACK_NAMES))
    app.add_middleware(SecurityHeaders)
    return app
