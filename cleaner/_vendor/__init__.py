"""Small pieces of other libraries, copied where their public API cannot give what
cleaner needs. Each module says where it comes from, under which licence (the licence
texts sit beside them), and which test holds it to the original."""
