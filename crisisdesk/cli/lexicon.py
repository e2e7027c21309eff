"""`crisisdesk watch|words|sentiment`: the office's watch lists, dictionary and model adaptation."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import actor, workspace_session


def register(sub: Any) -> None:
    """Add the watch, words and sentiment commands."""
    watch: argparse.ArgumentParser = sub.add_parser("watch", help="关注词表（敏感词、事件词、人名地名）")
    w = watch.add_subparsers(dest="watch_action", metavar="ACTION", required=True)
    add = w.add_parser("add", help="向词表添加关注词（词表不存在则新建）")
    add.add_argument("list_name", metavar="LIST")
    add.add_argument("words", nargs="+", metavar="WORD")
    add.add_argument("--kind", default="sensitive", help="sensitive|incident|person|place|other")
    add.set_defaults(func=run_watch_add)
    rm = w.add_parser("remove", help="删除词表中的词（不给词则删除整个词表）")
    rm.add_argument("list_name", metavar="LIST")
    rm.add_argument("words", nargs="*", metavar="WORD")
    rm.set_defaults(func=run_watch_remove)
    ls = w.add_parser("list", help="列出关注词表")
    ls.set_defaults(func=run_watch_list)
    for p in (add, rm, ls):
        add_db_option(p)

    words: argparse.ArgumentParser = sub.add_parser("words", help="本单位词典（分词时保持完整的词）")
    d = words.add_subparsers(dest="words_action", metavar="ACTION", required=True)
    wadd = d.add_parser("add", help="添加词")
    wadd.add_argument("words", nargs="+", metavar="WORD")
    wadd.set_defaults(func=run_words_add)
    wrm = d.add_parser("remove", help="删除词")
    wrm.add_argument("words", nargs="+", metavar="WORD")
    wrm.set_defaults(func=run_words_remove)
    wls = d.add_parser("list", help="列出本单位词典")
    wls.set_defaults(func=run_words_list)
    for p in (wadd, wrm, wls):
        add_db_option(p)

    senti: argparse.ArgumentParser = sub.add_parser("sentiment", help="情感模型：跟随人工更正或恢复出厂模型")
    s = senti.add_subparsers(dest="sentiment_action", metavar="ACTION", required=True)
    for name, helptext, func in (
        ("status", "显示人工更正条数与当前是否采用", run_sentiment_status),
        ("adapt", "按人工更正调整模型（默认）", run_sentiment_adapt),
        ("reset", "恢复为随软件发布的模型（更正记录保留）", run_sentiment_reset),
    ):
        sp = s.add_parser(name, help=helptext)
        add_db_option(sp)
        sp.set_defaults(func=func)


def run_watch_add(args: argparse.Namespace) -> int:
    """Add watch-words."""
    from crisisdesk.services.lexicon import add_watch_words

    with workspace_session(args) as session:
        n = add_watch_words(session, args.list_name, args.words, kind=args.kind, actor=actor())
    print(f"已向关注词表“{args.list_name}”添加 {n} 个词；新到的评论将按此匹配。")
    return 0


def run_watch_remove(args: argparse.Namespace) -> int:
    """Remove watch-words or a whole list."""
    from crisisdesk.services.lexicon import remove_watch_words

    with workspace_session(args) as session:
        n = remove_watch_words(session, args.list_name, args.words, actor=actor())
    what = "整个词表" if not args.words else f"{n} 个词"
    print(f"已从关注词表“{args.list_name}”删除{what}。")
    return 0


def run_watch_list(args: argparse.Namespace) -> int:
    """Print the active watch lists."""
    from crisisdesk.services.lexicon import watch_lists

    with workspace_session(args) as session:
        lists = watch_lists(session)
    if not lists:
        print("尚无关注词表。")
    for name, items in lists.items():
        print(f"{name}（{len(items)} 个词）：{'、'.join(items)}")
    return 0


def run_words_add(args: argparse.Namespace) -> int:
    """Add dictionary words."""
    from crisisdesk.services.lexicon import add_custom_words

    with workspace_session(args) as session:
        n = add_custom_words(session, args.words, actor=actor())
    print(f"已添加 {n} 个词到本单位词典。")
    return 0


def run_words_remove(args: argparse.Namespace) -> int:
    """Remove dictionary words."""
    from crisisdesk.services.lexicon import remove_custom_words

    with workspace_session(args) as session:
        n = remove_custom_words(session, args.words, actor=actor())
    print(f"已从本单位词典删除 {n} 个词。")
    return 0


def run_words_list(args: argparse.Namespace) -> int:
    """Print the office's dictionary."""
    from crisisdesk.services.lexicon import custom_words

    with workspace_session(args) as session:
        words = custom_words(session)
    print("、".join(words) if words else "本单位词典为空。")
    return 0


def _set(args: argparse.Namespace, enabled: bool) -> int:
    from crisisdesk.services.lexicon import set_adaptation

    with workspace_session(args) as session:
        set_adaptation(session, enabled, actor=actor())
    print("情感模型将按人工更正调整。" if enabled else "情感模型已恢复为随软件发布的模型；更正记录仍保留。")
    return 0


def run_sentiment_adapt(args: argparse.Namespace) -> int:
    """Follow operators' corrections."""
    return _set(args, True)


def run_sentiment_reset(args: argparse.Namespace) -> int:
    """Go back to the shipped model."""
    return _set(args, False)


def run_sentiment_status(args: argparse.Namespace) -> int:
    """Print how many corrections there are and whether they are used."""
    from crisisdesk.services.lexicon import adaptation_enabled
    from crisisdesk.services.triage import corrections_for_model

    with workspace_session(args) as session:
        n = len(corrections_for_model(session))
        on = adaptation_enabled(session)
    print(f"人工更正 {n} 条；{'正在采用' if on else '未采用（使用随软件发布的模型）'}。")
    return 0
