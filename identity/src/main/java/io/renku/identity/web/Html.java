package io.renku.identity.web;

import io.renku.core.Text;

/** The few pages of the identity provider share one frame; every value put in is escaped. */
final class Html {
  private Html() {}

  static String escape(String s) {
    return Text.html(s);
  }

  static String page(String title, String body) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Renku</title>
        <style>
          body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
          main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;
               box-shadow:0 1px 4px rgba(0,0,0,.1)}
          h1{font-size:1.4rem;margin-top:0} label{display:block;margin:.8rem 0 .2rem}
          input{width:100%%;box-sizing:border-box;padding:.5rem;font-size:1rem}
          button{margin-top:1.2rem;width:100%%;padding:.6rem;font-size:1rem;background:#006e58;
                 color:#fff;border:0;border-radius:4px;cursor:pointer}
          .error{color:#a40000;background:#fde8e8;padding:.5rem;border-radius:4px}
          .info{color:#05405a;background:#e6f3f9;padding:.5rem;border-radius:4px}
        </style></head>
        <body><main>%s</main></body></html>
        """
        .formatted(escape(title), body);
  }
}
