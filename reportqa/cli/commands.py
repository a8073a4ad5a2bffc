"""The `reportqa` command: a thin layer over the library.

User mistakes (a missing file, an empty store, an unreachable server) are one line on
stderr and a non-zero exit, never a traceback. Heavy libraries load only in the
commands that need them, so `reportqa --help` is instant.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from reportqa.question_input import question_problem, readable

app = typer.Typer(
    help="Ask questions of a shelf of policy reports; every answer cites its passage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rendering help through rich imports rich (most of --help's time).
    rich_markup_mode=None,
)

_GLOBAL: dict[str, Any] = {}


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"reportqa: error: {message}", err=True)
    raise typer.Exit(code)


def settings_from_cli(**overrides: Any):  # -> Settings (lazy import keeps --help fast)
    from pydantic import ValidationError

    from reportqa.config import load_settings

    try:
        return load_settings(**{**_GLOBAL, **overrides})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        fail(f"bad setting {where}: {first['msg']}")


def guarded(action: Callable[[], Any]) -> Any:
    """Run a command body, turning known errors into one clear line."""
    from ingest.errors import IngestError
    from reportqa.retrieve import RetrievalError
    from reportqa.store import StoreError

    try:
        return action()
    except (StoreError, RetrievalError, IngestError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:
        from reportqa.store import is_damaged_index

        if is_damaged_index(exc):
            fail(
                "the store's vector index is damaged (an ingest was killed mid-write); "
                "run `reportqa ingest` on your report folders to rebuild it"
            )
        lost = _lost_server(exc)
        if lost is None:
            raise
        fail(lost)


def _lost_server(exc: Exception) -> str | None:
    """A Chroma server that went away mid-command: one line, not an httpx traceback.

    Ingest registers a report only after all its passages are stored, so what was
    reported before the loss is complete and a re-run finishes the rest.
    """
    import httpx

    if not isinstance(exc, httpx.TransportError):
        return None
    from reportqa.store import is_timeout, timeout_message

    if is_timeout(exc):  # the server is there but does not answer (stopped, overloaded)
        return timeout_message(settings_from_cli())
    where = _GLOBAL.get("chroma_url") or os.environ.get("REPORTQA_CHROMA_URL") or "the server"
    return (
        f"lost the connection to the Chroma server at {where} ({type(exc).__name__}); "
        "the command did not finish: re-run it once the server is back"
    )


@app.callback()
def main(
    home: Annotated[
        Path | None,
        typer.Option(help="Store directory (default ./.reportqa, or REPORTQA_HOME)."),
    ] = None,
    chroma_url: Annotated[
        str | None,
        typer.Option(help="Use a Chroma server, e.g. http://127.0.0.1:8000 (REPORTQA_CHROMA_URL)."),
    ] = None,
) -> None:
    """reportqa: document-grounded answers over policy reports."""
    _GLOBAL.clear()
    if home is not None:
        _GLOBAL["home"] = home
    if chroma_url is not None:
        _GLOBAL["chroma_url"] = chroma_url


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders (.txt .md .html .pdf); default: corpus/"),
    ] = None,
    prune: Annotated[
        bool, typer.Option(help="Forget reports that were removed from an ingested folder.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per file as it is done (for logs).")
    ] = False,
    wait: Annotated[
        float,
        typer.Option(
            help="Seconds to wait for another ingest of the same store to finish "
            "(default: refuse at once; -1 waits forever)."
        ),
    ] = 0.0,
    max_file_mb: Annotated[
        float | None,
        typer.Option(
            help="Refuse files larger than this many MB (REPORTQA_INGEST__MAX_FILE_MB).",
            min=0.001,
        ),
    ] = None,
) -> None:
    """Add, update (and with --prune remove) reports; unchanged files are skipped.

    A bad file is one line on stderr naming it and the reason; the others go on and the
    exit code is 1. Files with the same content as one already stored are kept once.
    Only one ingest writes to a store at a time (see --wait); asking never waits.
    """
    targets = paths or [Path("corpus")]
    settings = settings_from_cli(ingest__max_file_mb=max_file_mb)

    def run() -> int:
        from ingest.pipeline import Ingestor, LineLog, one_line
        from reportqa.cli.progress import ingest_progress
        from reportqa.embedding import get_embedder, prepare_embedder

        # a bar on a terminal, lines in a log or a pipe: never minutes of silence
        style = "none" if quiet or verbose else "bar" if sys.stderr.isatty() else "lines"
        with ingest_progress(style, every=settings.ingest.progress_seconds) as bar:
            progress = LineLog(typer.echo) if verbose else bar
            if any(target.exists() for target in targets):
                # the one-time model export happens here, said, rather than mid-file
                notify = (
                    (lambda text: typer.echo(f"reportqa: note: {text}", err=True))
                    if verbose
                    else bar.note  # type: ignore[attr-defined]
                )
                prepare_embedder(get_embedder(settings.embedding), notify)
            ingestor = Ingestor(settings, progress=progress, lock_timeout=wait)
            report = ingestor.ingest(targets, prune=prune)
        if report.repaired:
            typer.echo(
                "reportqa: note: the store's vector index was damaged by an interrupted write "
                "and has been rebuilt from the files given; ingest other folders again too",
                err=True,
            )
        for outcome in report.failed:
            typer.echo(one_line(f"reportqa: {outcome.path}: {outcome.error}"), err=True)
        for outcome in report.outcomes:
            if outcome.status == "duplicate":
                typer.echo(one_line(f"reportqa: note: {outcome.path}: {outcome.error}"), err=True)
            for warning in outcome.warnings:
                typer.echo(one_line(f"reportqa: warning: {outcome.path}: {warning}"), err=True)
        summary = (
            f"{report.count('added')} added, {report.count('updated')} updated, "
            f"{report.count('unchanged')} unchanged, {report.count('duplicate')} duplicate, "
            f"{report.count('removed')} removed, "
            f"{report.count('failed')} failed; {report.embedded_chunks} passages embedded"
        )
        typer.echo(summary)
        return 1 if report.failed else 0

    code = guarded(run)
    raise typer.Exit(code)


@app.command("list")
def list_documents(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Documents in the store, with chunk counts and metadata."""
    settings = settings_from_cli()

    def run() -> None:
        from reportqa.cli.listing import print_listing
        from reportqa.store import ReportStore

        store = ReportStore(settings)
        records = [r.model_dump() for r in store.documents()]
        store.save_snapshot()  # the next `reportqa list` reads it without Chroma
        print_listing(records, machine=as_json)

    guarded(run)


def _filters(
    publisher: list[str] | None,
    doc: list[str] | None,
    after: str | None,
    before: str | None,
    store: Any,
):
    from reportqa.filters import BadFilter, build_filters

    try:
        records = store.documents() if doc else []
        return build_filters(publisher or [], doc or [], after, before, records)
    except BadFilter as exc:
        if exc.field in ("after", "before"):
            fail(f"--{exc.field} {exc.reason}, got {exc.value!r}")
        if exc.field == "range":
            fail(f"--after is later than --before: {exc.reason}")
        fail(exc.reason)


def _open_retriever(settings: Any):  # -> HybridRetriever
    from reportqa.retrieve import HybridRetriever, RetrievalError

    retriever = HybridRetriever(settings)
    if not retriever.store.documents():
        raise RetrievalError("the store is empty: run `reportqa ingest corpus/` first")
    return retriever


PublisherOpt = Annotated[
    list[str] | None, typer.Option("--publisher", help="Only this publisher (repeatable).")
]
DocOpt = Annotated[
    list[str] | None,
    typer.Option("--doc", help="Only this document: id, file name or stem (repeatable)."),
]
AfterOpt = Annotated[str | None, typer.Option(help="Only reports dated on/after (YYYY[-MM[-DD]]).")]
BeforeOpt = Annotated[str | None, typer.Option(help="Only reports dated on/before.")]


@app.command()
def retrieve(
    question: Annotated[str, typer.Argument(help="The question or search text.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="Passages to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    publisher: PublisherOpt = None,
    doc: DocOpt = None,
    after: AfterOpt = None,
    before: BeforeOpt = None,
) -> None:
    """Ranked passages (hybrid dense + BM25), no answer."""
    settings = settings_from_cli()
    question = readable(question)

    def run() -> None:
        retriever = _open_retriever(settings)
        filters = _filters(publisher, doc, after, before, retriever.store)
        passages = retriever.retrieve(question, k=k, filters=filters)
        if as_json:
            payload = {"question": question, "passages": [p.model_dump() for p in passages]}
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        from reportqa.cli.render import print_passages

        print_passages(question, passages)

    guarded(run)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    k: Annotated[
        int | None,
        typer.Option("-k", min=1, max=50, help="Passages to read (default: answer.k, 30)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The Answer JSON (DESIGN.md).")] = False,
    publisher: PublisherOpt = None,
    doc: DocOpt = None,
    after: AfterOpt = None,
    before: BeforeOpt = None,
    follow_up: Annotated[
        bool,
        typer.Option(
            "--follow-up",
            help="Read the question against the last `reportqa ask` of this store "
            '("And what about Peru?", "And in 2023?"): what it leaves out is inherited, '
            "filters included; the output says how it was understood.",
        ),
    ] = False,
) -> None:
    """One grounded answer: cited quotes, footnotes, checked numbers, conflicts, abstention.

    With REPORTQA_LLM_URL set, an OpenAI-compatible LLM phrases the answer from the same
    passages; the same verifier removes what it cannot check, and the extractive answer is
    used (with a note on stderr) when nothing is left or the server fails.
    """
    settings = settings_from_cli()
    question = readable(question)
    problem = question_problem(question)
    if problem:
        fail(problem)

    def run() -> None:
        from reportqa.dialogue import Conversation, load_turns, save_turns
        from reportqa.llm import make_answerer

        retriever = _open_retriever(settings)
        filters = _filters(publisher, doc, after, before, retriever.store)
        session = Path(settings.home) / settings.followup.session_file
        turns = load_turns(session) if follow_up else []
        if follow_up and not turns:
            fail("no earlier question to follow up: ask one first (without --follow-up)")
        conversation = Conversation(make_answerer(settings, retriever=retriever), turns)
        given = None if follow_up and filters.is_empty() else filters  # None: inherited
        answer = conversation.ask(question, filters=given, k=k)
        try:
            save_turns(session, conversation.turns)
        except OSError as exc:
            typer.echo(f"reportqa: note: the conversation is not saved ({exc})", err=True)
        if answer.notice:
            typer.echo(f"reportqa: note: {answer.notice}", err=True)
        if as_json:
            typer.echo(answer.model_dump_json(indent=2))
            return
        from reportqa.cli.render import print_answer

        if answer.understood_as:  # printable characters only: a title can be quoted in it
            shown = "".join(ch for ch in answer.understood_as if ch.isprintable())
            typer.echo(f"Understood as: {shown}")
        print_answer(answer)

    guarded(run)


@app.command()
def batch(
    questions: Annotated[
        Path,
        typer.Argument(
            help="Question file: .txt (one per line, # comments), .csv (column 'question',"
            " optional id, section, publisher, doc, after, before) or .yaml (title, sections"
            " with questions and optional filters)."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The briefing draft: .md, .docx or .json.")
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, max=32, help="Questions answered at once.")
    ] = 1,
    k: Annotated[
        int | None,
        typer.Option(
            "-k", min=1, max=50, help="Passages read per question (default: answer.k, 30)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Answer a file of questions into a briefing draft with citations and a bibliography.

    A failing question is recorded in the draft and the others go on; the last line
    counts answered / conflicts / abstained / failed. Exit code 1 if any question failed.
    """
    settings = settings_from_cli()

    def run() -> int:
        from reportqa.batch import batch_progress, run_batch
        from reportqa.briefing import BriefingError, check_output_path, write_briefing
        from reportqa.questions_file import QuestionFileError, load_questions

        try:
            check_output_path(output)
            question_set = load_questions(questions)
        except (QuestionFileError, BriefingError) as exc:
            fail(str(exc))
        from reportqa.llm import make_answerer

        answerer = make_answerer(settings, retriever=_open_retriever(settings))
        show = not quiet and sys.stderr.isatty()
        with batch_progress(len(question_set.items), enabled=show) as on_done:
            result = run_batch(answerer, question_set, workers=workers, k=k, on_done=on_done)
        try:
            write_briefing(result, output)
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror or exc})")
        for entry in result.entries:
            if entry.error:
                typer.echo(f"reportqa: {entry.item.id}: {entry.error}", err=True)
        typer.echo(f"{result.summary()} -> {output}")
        return 1 if result.counts()["failed"] else 0

    raise typer.Exit(guarded(run))


REAL_HELP = (
    "Instead of the golden set: the held-out real PDFs (--real-set: manifest.d/, questions/, "
    "pdfs/) in their own store (--real-home, default REPORT_DIR/real-store), dev and test "
    "each beside the baseline, in eval-real.json and eval-real.md; gated by [real] limits."
)


@app.command("eval")
def eval_command(
    golden: Annotated[Path, typer.Option(help="Golden question set (JSON lines).")] = Path(
        "evals/golden.jsonl"
    ),
    report_dir: Annotated[
        Path, typer.Option(help="Where eval.json, eval.md and eval.png are written.")
    ] = Path("reports/eval"),
    compare: Annotated[
        Path | None,
        typer.Option(help="A previous eval.json: adds a delta column to the report."),
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Thresholds file (default: evals/thresholds.toml)."),
    ] = None,
    corpus: Annotated[
        Path, typer.Option(help="The reports the golden evidence is checked against.")
    ] = Path("corpus"),
    baseline: Annotated[
        bool, typer.Option(help="Also run the vanilla llama-index baseline on the same set.")
    ] = True,
    answerer: Annotated[
        str | None, typer.Option(hidden=True, help="module:factory(settings, retriever).")
    ] = None,
    synthesis: Annotated[
        Path | None, typer.Option(help="Analyst questions (default: the set in evals/).")
    ] = None,
    real: Annotated[bool, typer.Option("--real", help=REAL_HELP)] = False,
    real_set: Annotated[Path, typer.Option(help="With --real: the set's folder.")] = Path(
        "evals/real"
    ),
    real_home: Annotated[Path | None, typer.Option(help="With --real: its store.")] = None,
) -> None:
    """Golden-set eval of the ingested store; exit 1 when a metric falls.

    First checks the golden set: unique ids, all kinds, evidence in corpus/.
    Measures answers by kind, citations, footnotes, abstention, conflicts,
    retrieval recall@k and MRR, unverified numbers and latency, and the analyst
    questions, beside a vanilla llama-index baseline. Writes eval.json, eval.md
    and eval.png to --report-dir. Exit 1 names every metric below
    evals/thresholds.toml and by how much. --real measures the held-out real
    reports instead, ingesting them into their own store.
    """
    if real:
        home = real_home or report_dir / "real-store"
        _eval_real(real_set, home, report_dir, thresholds, baseline, answerer)
    settings = settings_from_cli()

    def run() -> int:
        from evals.gate import THRESHOLDS
        from evals.run_eval import SYNTHESIS, EvalError, evaluate

        retriever = _open_retriever(settings)
        try:
            outcome = evaluate(
                retriever,
                golden_path=golden,
                report_dir=report_dir,
                thresholds_path=thresholds or THRESHOLDS,
                corpus=corpus,
                compare=compare,
                with_baseline=baseline,
                answerer_spec=answerer,
                synthesis_path=synthesis or SYNTHESIS,
            )
        except EvalError as exc:
            fail(str(exc))
        for problem in outcome.hygiene:
            typer.echo(f"reportqa: golden set: {problem}", err=True)
        if outcome.hygiene:
            typer.echo(f"FAILED: the golden set has {len(outcome.hygiene)} problem(s)", err=True)
            return 1
        metrics = outcome.payload["metrics"]
        typer.echo(
            f"accuracy {metrics['accuracy']:.1%}, recall@5 {metrics['recall@5']:.1%}, "
            f"citation precision {metrics['citation_precision']:.1%}, "
            f"unverified numbers {metrics['unverified_numbers']:g}; "
            f"reports in {report_dir}/ (eval.json, eval.md, eval.png)"
        )
        return _verdict(outcome.breaches, "PASSED: every metric at or above its threshold")

    raise typer.Exit(guarded(run))


def _verdict(breaches: list[Any], passed: str) -> int:
    """Each fallen metric on stderr and exit 1, or the passed line and exit 0."""
    for breach in breaches:
        typer.echo(f"reportqa: regression: {breach.message()}", err=True)
    if breaches:
        typer.echo(f"FAILED: {len(breaches)} metric(s) below threshold", err=True)
        return 1
    typer.echo(passed)
    return 0


def _eval_real(
    real_set: Path,
    home: Path,
    report_dir: Path,
    thresholds: Path | None,
    baseline: bool,
    answerer: str | None,
) -> NoReturn:
    """`reportqa eval --real`: the real PDFs in their own store, gated by [real]. The store
    is an embedded one under ``home`` even when a Chroma server is configured: the held-out
    set must not be mixed into a shared shelf."""
    settings = settings_from_cli(home=home).model_copy(update={"chroma_url": None})

    def run() -> int:
        from evals.gate import THRESHOLDS
        from evals.run_eval import EvalError
        from evals.run_real import evaluate_real

        try:
            outcome = evaluate_real(
                settings, real_set, report_dir, thresholds or THRESHOLDS, baseline, answerer
            )
        except EvalError as exc:
            fail(str(exc))
        for line in outcome.summary_lines():
            typer.echo(line)
        typer.echo(f"reports in {report_dir}/ (eval-real.json, eval-real.md)")
        return _verdict(outcome.breaches, "PASSED: every [real] metric at or above its threshold")

    raise typer.Exit(guarded(run))


@app.command()
def check(
    draft: Annotated[Path, typer.Argument(help="The draft to check: .md, .txt or .docx.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the findings to a .md or .json file."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any claim is CONTRADICTED.")
    ] = False,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Passages read per claim.")] = 12,
) -> None:
    """Verify every numeric claim of a draft against the reports.

    Each sentence with a number is looked up in the store; each claim is SUPPORTED (a
    report states the same value for the same quantity and a compatible year),
    CONTRADICTED (a report gives another value, or this value for another year) or
    NOT FOUND, with the passage that decides it.
    """
    settings = settings_from_cli()

    def run() -> int:
        from reportqa.check import (
            CheckError,
            DraftChecker,
            check_report_path,
            print_report,
            read_draft,
            render_markdown,
            stdout_is_terminal,
            write_report,
        )

        try:
            if output is not None:
                check_report_path(output)
            text = read_draft(draft)
        except CheckError as exc:
            fail(str(exc))
        report = DraftChecker(_open_retriever(settings), k=k).check_text(text, draft=str(draft))
        if output is not None:  # the findings go to the file, the summary line here
            try:
                write_report(report, output)
            except OSError as exc:
                fail(f"{output}: cannot write ({exc.strerror or exc})")
            typer.echo(f"{report.summary()} -> {output}")
        elif stdout_is_terminal():  # for a person: rendered, its summary line at the end
            print_report(report)
        else:  # for a pipe: Markdown, whose summary line is under its heading
            typer.echo(render_markdown(report), nl=False)
        return 1 if strict and report.counts()["CONTRADICTED"] else 0

    raise typer.Exit(guarded(run))


@app.command()
def chat(
    port: Annotated[
        int | None,
        typer.Option(
            help="Port to serve on (default: Streamlit's configuration, e.g. "
            "STREAMLIT_SERVER_PORT or .streamlit/config.toml; else 8501).",
            min=1,
            max=65535,
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            "--host",
            help="Address to bind (default: Streamlit's configuration; else localhost).",
        ),
    ] = None,
) -> None:
    """Start the Streamlit chat, on http://localhost:8501 unless configured (Ctrl+C stops it).

    Only the options given here become Streamlit flags, so STREAMLIT_SERVER_PORT and
    .streamlit/config.toml choose the port and address otherwise.
    """
    from reportqa.cli.chat_launch import streamlit_command

    script = Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py"
    if not script.exists():
        fail(f"the app is missing: {script}")
    settings = settings_from_cli()  # a bad setting fails here, in one line
    env = {**os.environ, **{f"REPORTQA_{k.upper()}": str(v) for k, v in _GLOBAL.items()}}
    command = streamlit_command(
        sys.executable,
        script,
        max_file_mb=settings.ingest.max_file_mb,
        port=port,
        address=address,
        env=env,
        cwd=Path.cwd(),
        home=Path.home(),
    )
    try:
        code = subprocess.call(command, env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


def run() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
