from generator.core.findings import ERROR, WARNING
from generator.text.identifiers import (check_credit_code, credit_code_check_char, credit_code_finding,
                                        find_personal_data, id_check_char, is_valid_id_number, make_credit_code, mask,
                                        personal_data_findings)

# --- 统一社会信用代码 ---


def test_worked_example_from_domain_notes():
    # 91350100M000100Y4 -> sum 1640, 1640 mod 31 = 28, c = 31 - 28 = 3
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert make_credit_code("91350100M000100Y4") == "91350100M000100Y43"
    assert check_credit_code("91350100M000100Y43") == ("valid", None)


def test_check_char_31_maps_to_0():
    # Find a body whose sum is a multiple of 31; its check character must be "0", not out of range.
    body = next(
        f"91140581MA0K{i:05d}"
        for i in range(100000)
        if credit_code_check_char(f"91140581MA0K{i:05d}") == "0"
    )
    assert make_credit_code(body)[-1] == "0"


def test_bad_check_message():
    assert check_credit_code("91350100M000100Y4X") == (
        "bad_check",
        "credit code 91350100M000100Y4X has check character X, expected 3",
    )


def test_normalisation_full_width_spaces_lower_case():
    assert check_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == ("valid", None)
    assert check_credit_code(" 91350100 m000100y4 3 ") == ("valid", None)
    assert check_credit_code("91350100M000100Y4\u30003") == ("valid", None)


def test_malformed_messages():
    assert check_credit_code("91350100M000100Y4") == (
        "malformed",
        "credit code 91350100M000100Y4 has 17 characters, expected 18",
    )
    assert check_credit_code("91350100MO00100Y43") == (
        "malformed",
        "credit code 91350100MO00100Y43 contains O, not in the credit-code alphabet (no I, O, S, V, Z)",
    )
    assert check_credit_code("9135-0100M000100Y43") == (
        "malformed",
        "credit code 9135-0100M000100Y43 contains -, not in the credit-code alphabet (no I, O, S, V, Z)",
    )
    assert check_credit_code("  ") == ("malformed", "credit code is empty")


def test_credit_code_finding_severities():
    assert credit_code_finding("91350100M000100Y43") is None
    bad = credit_code_finding("91350100M000100Y4X", file="results.csv", row=3, column="代码")
    assert (bad.kind, bad.severity, bad.row) == ("credit-code-bad-check", WARNING, 3)
    malformed = credit_code_finding("913501")
    assert (malformed.kind, malformed.severity) == ("credit-code-malformed", ERROR)


# --- 居民身份证号码 ---


def test_id_check_char_standard_example():
    # The example in GB 11643-1999 itself.
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")


def test_id_number_validation():
    assert is_valid_id_number("140581199001011236")
    assert not is_valid_id_number("140581199001011235")  # check fails
    assert not is_valid_id_number("140581199002301233")  # 30 February
    assert not is_valid_id_number("140581180001011234")  # year 1800
    assert not is_valid_id_number("14058119900101123")  # 17 characters


def test_old_15_digit_form():
    assert is_valid_id_number("140581900101123")  # born 1990-01-01
    assert not is_valid_id_number("140581901301123")  # month 13


# --- personal data in free text ---


def test_finds_id_numbers_and_mobiles_in_text_order():
    text = "联系人手机 13812345678，身份证号140581199001011236；备用 139 1234 5678。"
    assert find_personal_data(text) == [
        ("mobile", "13812345678"),
        ("id_number", "140581199001011236"),
        ("mobile", "139 1234 5678"),
    ]


def test_mistyped_id_number_with_plausible_date_is_still_reported():
    assert find_personal_data("身份证 140581199001011235") == [("id_number", "140581199001011235")]


def test_id_like_runs_with_implausible_date_are_not_reported():
    assert find_personal_data("编号 140581199013011236") == []  # month 13


def test_credit_codes_are_not_personal_data():
    assert find_personal_data("统一社会信用代码：91140581MA0K1234X5") == []
    # Eleven digits starting 13 inside a credit code are not a mobile.
    code = make_credit_code("Y13405812345A1234")
    assert find_personal_data(f"代码{code}") == []


def test_all_digit_credit_code_is_told_apart_by_its_checks():
    # Date-like digits at positions 7-14, credit check right, ID check wrong: a credit code.
    assert find_personal_data("代码 121410199001011040") == []
    # Both checks right: cannot tell, so it is reported.
    assert find_personal_data("代码 121410199001011558") == [("id_number", "121410199001011558")]


def test_landlines_longer_numbers_and_15_digit_numbers_are_not_reported():
    text = "电话 0356-8881234，(0356)5221234；卡号 6222021381234567890；注册号 140581100012345；13812345678901"
    assert find_personal_data(text) == []


def test_full_width_digits_and_adjacent_letters():
    assert find_personal_data("ＩＤ１４０５８１１９９００１０１１２３６") == [
        ("id_number", "１４０５８１１９９００１０１１２３６")
    ]
    assert find_personal_data("Tel13812345678 +8613912345678") == [
        ("mobile", "13812345678"),
        ("mobile", "13912345678"),
    ]


def test_mask_shows_first_three_and_last_two():
    assert mask("140581199001011236") == "140*************36"
    assert mask("13812345678") == "138******78"
    assert mask("12345") == "*****"


def test_personal_data_findings_never_print_the_full_number():
    findings = personal_data_findings("手机13812345678", file="results.csv", row=7)
    assert [str(f) for f in findings] == [
        "results.csv, row 7: error: mobile number 138******78 must not be published [personal-mobile]"
    ]
