"""`evaluate --report DIR`: PNG plots and an HTML page, from a real evaluation with the default model."""

import numpy as np
import pytest

from ercp_nlp.corpus import load
from ercp_nlp.model import load_model
from ercp_nlp.report import stones_confusion, write_report
from ercp_nlp.train import calibration, evaluate_rows, predict_frame

PNG = b"\x89PNG\r\n\x1a\n"


def test_calibration_bins_average_what_falls_in_them():
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.05, 0.15, 0.12, 0.95, 0.91])
    points = calibration(y, p)
    assert [n for _, _, n in points] == [1, 2, 2]
    assert points[1] == pytest.approx((0.135, 0.5, 2))
    assert points[2][1] == 1.0


def test_report_writes_plots_and_a_page_without_note_text(tmp_path):
    pytest.importorskip("matplotlib")
    frame = load("gold").head(30)
    rows = predict_frame(load_model(None), frame)
    metrics = evaluate_rows(frame, rows)
    page = write_report(frame, rows, metrics, tmp_path / "report")
    for name in ("labels.png", "calibration.png", "stones.png"):
        assert (tmp_path / "report" / name).read_bytes()[:8] == PNG
        assert f'src="{name}"' in page.read_text()
    classes, matrix = stones_confusion(frame, rows)
    assert matrix.sum() == len(frame) and len(classes) == 4
    text = page.read_text()
    assert all(note[:60] not in text for note in frame["text"])


def test_evaluate_command_writes_the_report(tmp_path):
    pytest.importorskip("matplotlib")
    from typer.testing import CliRunner

    from ercp_nlp.cli import app

    load("gold").head(12).to_csv(tmp_path / "few.csv", index=False)
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path / "few.csv"), "--no-errors", "--report", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / "index.html").exists() and (tmp_path / "r" / "stones.png").exists()


def test_expected_calibration_error_is_the_weighted_gap_per_bin():
    from ercp_nlp.train import expected_calibration_error

    y = np.array([0, 0, 1, 1])
    assert expected_calibration_error(y, np.array([0.0, 0.0, 1.0, 1.0])) == 0.0
    assert expected_calibration_error(y, np.array([0.95, 0.95, 0.95, 0.95])) == pytest.approx(0.45)
