// Figures and QR codes: a picture (or a QR symbol) with its caption, kept together on one
// page, scaled down to fit the page if it must, placed at the start, centre or end.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "block/blocks.h"

namespace handout {

[[nodiscard]] BlockFlow layout_figure(BlockContext& ctx, const FigureBlock& f, const Block& block, int index);
[[nodiscard]] BlockFlow layout_qr(BlockContext& ctx, const QrBlock& q, const Block& block, int index);

/// A QR code of `data` (error correction `level` L, M, Q or H; the 4-module quiet zone
/// included in `size`), its dark modules as squares; nothing (and `error` set) if it cannot
/// be encoded or its squares are too small to scan (0.18 mm). `advice`, when given, is set
/// when they are under what phones scan reliably (0.25 mm).
/// The alternative text of a QR code of `data` for a reader of language `lang`: that it is a QR
/// code and where it leads ("QR code: opens https://…", "calls +44…", "writes an e-mail to …"),
/// in Arabic for Arabic and in English otherwise. `alt_lang` is set to "en" when the text is
/// English in a document of another language (empty when it is in `lang`).
[[nodiscard]] std::string qr_alt(std::string_view data, std::string_view lang, std::string& alt_lang);

[[nodiscard]] std::optional<SquaresItem> qr_symbol(const std::string& data, Pt size, Color color,
                                                   std::string& error, char level = 'M',
                                                   std::string* advice = nullptr);

}  // namespace handout
