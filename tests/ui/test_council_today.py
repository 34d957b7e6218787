"""With no date given, the app works as of the council's day, not the computer's: a
laptop left on New York time at 19:30 there is already the next day in London."""

from datetime import UTC, datetime


def test_the_window_opens_on_the_councils_day(qtbot, sample_db, register_path,
                                              council_clock_at, machine_zone):
    from placement_qa.ui.main_window import MainWindow

    machine_zone("America/New_York")
    council_clock_at(datetime(2026, 7, 15, 23, 30, tzinfo=UTC))  # 00:30 on 16/07 in London
    window = MainWindow(sample_db, register_path=register_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.as_of_edit.text() == "16/07/2026"
