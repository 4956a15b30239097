"""The SMTP password is never stored in the database, and one stored earlier is not used."""

from __future__ import annotations

from sqlalchemy import select

from inventory_core.domain.access import Actor
from inventory_core.services.mail import SMTP_KEY, SmtpSettings, load_smtp, save_smtp
from inventory_core.services.settings import write_setting
from inventory_core.store.models import Setting

SECRET = "hunter2-Secret"


def stored_text(engine) -> str:
    with engine.connect() as connection:
        return " ".join(str(value) for value in connection.execute(select(Setting.__table__)))


def test_saving_the_mail_settings_never_writes_the_password(store):
    save_smtp(store, SmtpSettings(enabled=True, host="mail.example.com", sender="s@example.com",
                                  username="shop", password=SECRET), actor=Actor("Ana"))
    assert SECRET not in stored_text(store)
    loaded = load_smtp(store, {"smtp_password": SECRET}, environ={})
    assert (loaded.host, loaded.username, loaded.password) == ("mail.example.com", "shop", SECRET)
    assert load_smtp(store, {}, environ={"RESTOCK_SMTP_PASSWORD": "from-env"}).password == \
        "from-env"


def test_a_password_stored_by_an_older_version_is_ignored_and_dropped_at_the_next_save(store):
    write_setting(store, SMTP_KEY, {"enabled": True, "host": "mail", "sender": "s@example.com",
                                    "password": SECRET})
    loaded = load_smtp(store, {}, environ={})
    assert loaded.password == "" and loaded.host == "mail"
    save_smtp(store, loaded, actor=Actor("Ana"))
    assert SECRET not in stored_text(store)
