from django.tasks import task

from concerns.services import notification_deliver


@task
def send_notification(notification_id):
    return notification_deliver(notification_id=notification_id)
