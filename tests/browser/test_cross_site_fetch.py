"""A page on another site reads the API with fetch(), as any script in a browser would."""

import http.server
import threading

import pytest

PAGE = """<!doctype html><html lang="en"><title>Another site</title>
<p id="out">waiting</p>
<script>
fetch("{api}/api/cases/?sector=charity", {{headers: {{"Accept": "application/json"}}}})
  .then(r => r.json().then(body => [r.headers.get("ETag"), body]))
  .then(([etag, body]) => {{
    document.getElementById("out").textContent = body.count + " cases; etag " + (etag ? "read" : "hidden");
  }})
  .catch(error => {{ document.getElementById("out").textContent = "refused: " + error; }});
</script></html>"""


@pytest.fixture
def another_site(site):
    """A small web server on another port: another origin than the live site."""
    page = PAGE.format(api=site.url).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_origin_fetches_the_case_list(chromium, another_site):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(another_site)
        page.wait_for_function("document.getElementById('out').textContent !== 'waiting'")
        # The API's charities (6 in the dataset), and the ETag a script revalidates with.
        assert page.text_content("#out") == "6 cases; etag read"
    finally:
        context.close()
