#include "page/print.h"

#include <optional>

namespace handout {

void add_print_marks(Document& doc, const PrintSpec& print, const std::vector<std::vector<Pt>>& folds) {
  const Pt m = print.media_margin();
  const Pt b = print.bleed;
  const Pt s = print.mark_start();
  const Pt len = print.mark_length;
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    DisplayPage& page = doc.pages[p];
    const Pt w = page.width, h = page.height;
    for (auto& item : page.items) translate(item, m, m);
    page.width = w + m * 2;
    page.height = h + m * 2;
    page.boxes = PageBoxes{Rect{m, m, w, h}, Rect{m - b, m - b, w + b * 2, h + b * 2}};
    const Pt left = m, right = m + w, top = m, bottom = m + h;
    auto mark = [&](PrinterMark::Kind k, Pt x0, Pt y0, Pt x1, Pt y1) {
      page.marks.push_back(PrinterMark{k, Point{x0, y0}, Point{x1, y1}, print.mark_width});
    };
    if (print.crop_marks) {
      // Each corner: a line along each trim edge, continued outward past the bleed.
      for (const Pt y : {top, bottom}) {
        mark(PrinterMark::Kind::kCrop, left - s, y, left - s - len, y);
        mark(PrinterMark::Kind::kCrop, right + s, y, right + s + len, y);
      }
      for (const Pt x : {left, right}) {
        mark(PrinterMark::Kind::kCrop, x, top - s, x, top - s - len);
        mark(PrinterMark::Kind::kCrop, x, bottom + s, x, bottom + s + len);
      }
    }
    if (print.fold_marks && p < folds.size()) {
      for (const Pt fx : folds[p]) {
        mark(PrinterMark::Kind::kFold, left + fx, top - s, left + fx, top - s - len);
        mark(PrinterMark::Kind::kFold, left + fx, bottom + s, left + fx, bottom + s + len);
      }
    }
  }
  for (auto& o : doc.outline) o.y += m;
}

std::vector<std::pair<std::size_t, std::size_t>> saddle_stitch_order(std::size_t pages, bool bound_right) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t k = 0; k < pages / 4; ++k) {
    // Sheet k, front then back (1-based: front n-2k | 2k+1, back 2k+2 | n-2k-1).
    std::pair<std::size_t, std::size_t> front{pages - 1 - 2 * k, 2 * k};
    std::pair<std::size_t, std::size_t> back{2 * k + 1, pages - 2 - 2 * k};
    if (bound_right) {
      std::swap(front.first, front.second);
      std::swap(back.first, back.second);
    }
    out.push_back(front);
    out.push_back(back);
  }
  return out;
}

std::vector<std::vector<Pt>> impose_saddle_stitch(Document& doc, const ImpositionSpec& spec, bool bound_right) {
  std::vector<std::vector<Pt>> folds;
  if (doc.pages.empty()) return folds;
  const Pt pw = doc.pages.front().width, ph = doc.pages.front().height;
  // Blank pages make a multiple of 4; `where` maps each padded page to its source page.
  const std::size_t n = doc.pages.size();
  const std::size_t padded = (n + 3) / 4 * 4;
  const std::size_t blanks = padded - n;
  std::vector<std::optional<std::size_t>> source;
  for (std::size_t i = 0; i < n; ++i) source.emplace_back(i);
  const auto at = spec.blanks == ImpositionSpec::Blanks::kBeforeLast && n > 1 ? source.end() - 1 : source.end();
  source.insert(at, blanks, std::nullopt);

  std::vector<DisplayPage> sheets;
  std::vector<std::size_t> sheet_of(n);  // the sheet side each source page went to
  const auto order = saddle_stitch_order(padded, bound_right);
  for (std::size_t s = 0; s < order.size(); ++s) {
    DisplayPage sheet{pw * 2, ph, {}, std::nullopt, {}, {}};
    const std::size_t halves[2] = {order[s].first, order[s].second};
    for (std::size_t half = 0; half < 2; ++half) {
      const auto& src = source[halves[half]];
      if (!src) continue;
      sheet_of[*src] = s;
      sheet.reading.emplace_back(sheet.items.size(), *src);
      for (auto& item : doc.pages[*src].items) {
        translate(item, pw * static_cast<double>(half), Pt(0));
        sheet.items.push_back(std::move(item));
      }
    }
    sheets.push_back(std::move(sheet));
    folds.push_back({pw});
  }
  for (auto& o : doc.outline) {
    if (o.page < n) o.page = sheet_of[o.page];
  }
  doc.pages = std::move(sheets);
  doc.page_labels = {PageLabelRange{0, "", 1}};
  return folds;
}

}  // namespace handout
