"""Breaking news: the ticker a site shows, remembered line by line.

    keys.py    a line's identity and the keys that link it to a headline (a leaf:
               the archive uses it)
    ticker.py  reading the ticker off a page; the records of what was read
    watch.py   polling, recording, the watch loop
"""
