app_user = "app"
app_port = 8080
nginx_worker_processes = 2
