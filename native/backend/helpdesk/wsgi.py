"""gunicorn entry point: `gunicorn helpdesk.wsgi:app`."""

from helpdesk import create_app

app = create_app()
