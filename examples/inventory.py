web_servers = [
    ("web1.example.internal", {"nginx_worker_processes": 4}),
    ("web2.example.internal", {"nginx_worker_processes": 2}),
]

app_servers = ["app1.example.internal"]
