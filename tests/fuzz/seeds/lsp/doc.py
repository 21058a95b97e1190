import requests

def f(us):
    for u in us:
        requests.get(u)  # existing comment
        x = "日本😀" in [1, 2, 3]
