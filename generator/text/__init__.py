"""Chinese text the stages share: the one romaniser, identifiers, working days, file encodings.

In: strings (names, cells, dates) and bytes. Out: pinyin readings and slugs with the one syllable
table (pinyin.py), credit codes checked and personal data (身份证号, mobiles) found (identifiers.py),
working-day deadlines from the State Council's holiday notices (workdays.py), and a file's text
decoded as UTF-8 or GB18030 without guessing (encoding.py).
"""
