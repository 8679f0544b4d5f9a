"""Care leavers: eligibility, needs assessments, pathway plans, personal advisers, staying
put and support to 25 (Children Act 1989 Part 3; CPPCR 2010 Part 7; Care Leavers
(England) Regulations 2010)."""
