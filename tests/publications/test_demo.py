from publications.demo import pdf_bytes


def test_the_generated_pdf_has_a_correct_cross_reference_table():
    data = pdf_bytes("Refugee reception (2016)")
    assert data.startswith(b"%PDF-1.4") and data.endswith(b"%%EOF\n")
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref:].startswith(b"xref\n0 6\n")
    entries = data[xref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Refugee reception \\(2016\\)) Tj" in data
