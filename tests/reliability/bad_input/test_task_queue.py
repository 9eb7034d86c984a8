"""The notification task queued for a new report holds none of what the sender wrote."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.reliability.bad_input.strategies import FORM
from tests.reports import valid_form

pytestmark = pytest.mark.django_db


def test_the_notification_task_queue_holds_no_personal_data(
    resident, django_capture_on_commit_callbacks
):
    secret = "Hemmelig <b>xss-13</b> om Ola"
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(FORM, valid_form(description=secret, child_name="Ola Hemmelig"))
    assert response.status_code == 302
    task = DBTaskResult.objects.get(task_path="concerns.tasks.send_notification")
    stored = str(task.args_kwargs)
    assert "Hemmelig" not in stored and "xss-13" not in stored
