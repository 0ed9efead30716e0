"""Word documents in the layout of NĐ 30/2020 (implementation of `vn_iso_qms.documents`)."""
