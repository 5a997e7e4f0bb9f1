"""The attack inputs of ../shared/SECURITY.md, shared by every edition's tests."""

# Stored XSS: HTML and active-Markdown payloads (SECURITY.md section 1).
XSS_PAYLOADS = [
    '"><img src=x onerror=alert(1)>',
    "<script>alert(1)</script>",
    "'><details/open/ontoggle=confirm(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x]( javascript:alert(1))",
    '![" onerror=alert(1) ](x)',
]

# SQL injection (SECURITY.md section 4), plus the characters LIKE and strings treat apart.
SQLI_PAYLOADS = ["'", "' OR 1=1--", "1) OR (1=1", "'||pg_sleep(5)--", "title;DROP TABLE tickets",
                 "\\", "%", "_", "\x00"]
