"""SIGINT, SIGTERM and SIGHUP stop a ``clean`` run wherever it is, and never get lost.

``clean`` turns them into an exception in the main thread (``Interrupted``; SIGINT is
Python's own ``KeyboardInterrupt``), which unwinds the run, removes partial output and exits
with 128 + the signal's number. SIGHUP (the terminal closed) is taken only where it would
have ended the process: under ``nohup`` it stays ignored. Two things can lose that exception:

- Python runs a signal's handler at the main thread's next instruction, wherever that is. When
  that instruction belongs to a finalizer (a ``__del__`` run by the garbage collector while
  the main thread builds a large object), an exception raised there is reported as
  unraisable and dropped, and the run goes on as if no signal had come: reading stdin that
  stays open, it waits for ever. ``install`` sends such a dropped stop to the main thread
  again, from a short-lived thread a moment later: raised at once, it would run inside the
  hook that reports the dropped one and be dropped too. A real signal, not a flag, so that
  a main thread already waiting in a read wakes up.
- The kernel may hand the signal to any thread that does not block it; a helper thread
  (tqdm's monitor, a multiprocessing queue's feeder) then cannot wake a main thread that
  waits in a read. Threads started inside ``signals_held`` block both signals for good (a new
  thread takes its creator's signal mask), so the main thread is the one that takes them.
"""

from __future__ import annotations

import _thread
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any, NoReturn

HANGUP = getattr(signal, "SIGHUP", None)  # none on Windows
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, *([HANGUP] if HANGUP else [])}


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: stop, remove partial output, report, exit 128 + signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def stop_signal(stop: BaseException) -> int:
    """The signal behind an ``Interrupted`` or a ``KeyboardInterrupt``."""
    return stop.signum if isinstance(stop, Interrupted) else signal.SIGINT


def _raise_interrupted(signum: int, frame: object) -> NoReturn:
    raise Interrupted(signum)


# How long the thread that sends a dropped stop again waits: enough for the finalizer that
# dropped it to end; if another drops it, it comes back again.
RESEND_AFTER = 0.01


def install() -> None:
    """Make SIGTERM and SIGHUP raise ``Interrupted``, and a stop dropped in a finalizer come
    back; a second call (``main`` run again in one process) changes nothing more."""
    global _previous_hook
    signal.signal(signal.SIGTERM, _raise_interrupted)
    if HANGUP is not None and signal.getsignal(HANGUP) in (signal.SIG_DFL, _raise_interrupted):
        signal.signal(HANGUP, _raise_interrupted)
    if sys.unraisablehook is not _send_dropped_stops_again:
        _previous_hook = sys.unraisablehook
        sys.unraisablehook = _send_dropped_stops_again


_previous_hook = sys.unraisablehook


def _send_dropped_stops_again(unraisable: Any) -> None:
    if isinstance(unraisable.exc_value, (Interrupted, KeyboardInterrupt)):
        signum = stop_signal(unraisable.exc_value)
        threading.Thread(target=_signal_main_thread, args=(signum,), daemon=True).start()
    else:
        _previous_hook(unraisable)


def _signal_main_thread(signum: int) -> None:
    time.sleep(RESEND_AFTER)
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident or 0, signum)
    else:  # Windows: no signal to a thread; the main thread sees it at its next instruction
        _thread.interrupt_main(signum)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Block the stop signals in this thread for the block; one that arrives meanwhile waits
    and is handled as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, nothing to do
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stops_deferred() -> Iterator[None]:
    """Let a few quick steps that must not be cut in two (a shard and the manifest that lists
    it) end before a stop signal acts; one that arrives meanwhile acts as the block ends.

    A signal mask is not enough for that: it holds only in the thread that sets it, and in a
    process with threads of its own (Ray's driver, gRPC) the kernel hands the signal to one of
    them, after which Python runs the handler in the main thread at once. So in the main thread
    the handlers themselves wait: each stop signal's handler notes the signal for the block,
    and the old handlers come back at its end, with a noted signal sent again. Elsewhere
    (handlers run only in the main thread) the signals are held in this thread as before.
    """
    if threading.current_thread() is not threading.main_thread():
        with signals_held():
            yield
        return
    if any(signal.getsignal(signum) is _note_stop for signum in STOP_SIGNALS):
        yield  # inside an outer block, which sends what it notes
        return
    previous = {
        signum: handler
        for signum in STOP_SIGNALS
        if (handler := signal.getsignal(signum)) not in (signal.SIG_IGN, None)
    }
    _noted.clear()
    for signum in previous:
        signal.signal(signum, _note_stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if _noted:  # the first stop acts; it ends the run, as any later one would
            signum = _noted[0]
            _noted.clear()
            signal.raise_signal(signum)


# The stop signals that arrived inside ``stops_deferred``, in order.
_noted: list[int] = []


def _note_stop(signum: int, frame: object) -> None:
    _noted.append(signum)


def release_held() -> None:
    """Unblock the stop signals in this thread: in a process forked inside ``signals_held``,
    once its own handlers are set, so that one sent meanwhile acts now."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
