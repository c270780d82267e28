namespace DevBot.Tests.Retrieval;

/// <summary>A small, realistic generated project (Python web API) whose answers to "where is X" are known.</summary>
internal static class SampleProject
{
    public static readonly (string Path, string Content)[] Files =
    [
        ("app/models.py", """
            from dataclasses import dataclass, field
            from datetime import datetime


            @dataclass
            class User:
                id: int
                email: str
                password_hash: str
                created_at: datetime = field(default_factory=datetime.utcnow)


            @dataclass
            class Invoice:
                id: int
                user_id: int
                amount_cents: int
                paid: bool = False
            """),
        ("app/auth.py", """
            import hashlib
            import hmac

            from app.models import User
            from app.repository import UserRepository


            def hash_password(password: str, salt: bytes) -> str:
                return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000).hex()


            def verify_password(user: User, password: str, salt: bytes) -> bool:
                return hmac.compare_digest(user.password_hash, hash_password(password, salt))


            class LoginService:
                def __init__(self, users: UserRepository):
                    self.users = users

                def login(self, email: str, password: str, salt: bytes) -> User | None:
                    user = self.users.find_by_email(email)
                    if user and verify_password(user, password, salt):
                        return user
                    return None
            """),
        ("app/repository.py", """
            import sqlite3

            from app.models import Invoice, User


            class UserRepository:
                def __init__(self, connection: sqlite3.Connection):
                    self.connection = connection

                def find_by_email(self, email: str) -> User | None:
                    row = self.connection.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
                    return User(*row) if row else None

                def add(self, user: User) -> None:
                    self.connection.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (user.id, user.email, user.password_hash, user.created_at))


            class InvoiceRepository:
                def __init__(self, connection: sqlite3.Connection):
                    self.connection = connection

                def unpaid_for(self, user: User) -> list[Invoice]:
                    rows = self.connection.execute("SELECT * FROM invoices WHERE user_id = ? AND paid = 0", (user.id,)).fetchall()
                    return [Invoice(*row) for row in rows]
            """),
        ("app/billing.py", """
            from app.models import Invoice, User
            from app.repository import InvoiceRepository


            def total_due_cents(invoices: list[Invoice]) -> int:
                return sum(invoice.amount_cents for invoice in invoices if not invoice.paid)


            class BillingService:
                def __init__(self, invoices: InvoiceRepository):
                    self.invoices = invoices

                def statement(self, user: User) -> str:
                    due = total_due_cents(self.invoices.unpaid_for(user))
                    return f"{user.email}: {due / 100:.2f} EUR due"
            """),
        ("app/api.py", """
            from flask import Flask, jsonify, request

            from app.auth import LoginService
            from app.billing import BillingService

            app = Flask(__name__)


            @app.post("/login")
            def login_route():
                body = request.get_json()
                user = app.config["login"].login(body["email"], body["password"], app.config["salt"])
                return jsonify({"ok": user is not None})


            @app.get("/statement/<int:user_id>")
            def statement_route(user_id: int):
                return jsonify({"statement": app.config["billing"].statement(user_id)})
            """),
        ("README.md", """
            # Billing demo

            A tiny Flask service: users log in with a password and see what they owe.
            Run it with `flask --app app.api run`.
            """),
    ];
}
