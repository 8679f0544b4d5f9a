"""Children's homes and residential provision: serious-event notifications, independent
visits, quality-of-care reviews, notices to Ofsted, closures and unregistered provision
(Care Standards Act 2000; Children's Homes (England) Regulations 2015)."""
