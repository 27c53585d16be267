"""Entry point: `pyinfra inventory.py deploy.py`."""

from pyinfra import host

from deploys.app import install_app
from deploys.nginx import install_nginx

if "web_servers" in host.groups:
    install_nginx(server_name=host.name, worker_processes=host.data.nginx_worker_processes)

if "app_servers" in host.groups:
    install_app(version="1.4.2")
