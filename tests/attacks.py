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
