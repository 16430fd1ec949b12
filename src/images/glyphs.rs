//! The card font's glyphs rasterised once per thread and reused by every card: a glyph's
//! coverage depends only on its size and where it starts within a pixel, which is rounded to a
//! quarter pixel (finer than the eye sees on a card). Rasterising every letter of every title
//! was half of a card's cost; with the coverage kept, a card's text is a few copies.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ab_glyph::{Font as _, FontRef, GlyphId, PxScale};

/// Positions a glyph may start at within a pixel, per axis.
const STEPS: f32 = 4.0;

/// The most glyphs a thread keeps; past it the store starts afresh (the pixels do not change,
/// only the time to draw them).
const MOST: usize = 4096;

/// A glyph's coverage: one byte per pixel (0 = untouched, 255 = covered), row by row.
pub(super) struct Coverage {
    /// The top left pixel of the coverage, relative to the pixel the glyph's origin is in.
    pub left: i64,
    pub top: i64,
    pub width: usize,
    pub alpha: Vec<u8>,
}

/// The glyph, its size's bits and its origin's quarter pixel across and down.
type Key = (u16, u32, u8, u8);

thread_local! {
    static GLYPHS: RefCell<HashMap<Key, Rc<Coverage>>> = RefCell::new(HashMap::new());
}

/// The coverage of glyph `id` at `size` pixels with its origin at `at`, and the pixel its top
/// left corner falls on.
pub(super) fn glyph(
    font: &FontRef,
    id: GlyphId,
    size: f32,
    at: (f32, f32),
) -> (Rc<Coverage>, i64, i64) {
    let (x, y) = (quantised(at.0), quantised(at.1));
    let (whole_x, whole_y) = (x.floor(), y.floor());
    let (fraction_x, fraction_y) = (x - whole_x, y - whole_y);
    let key = (
        id.0,
        size.to_bits(),
        (fraction_x * STEPS) as u8,
        (fraction_y * STEPS) as u8,
    );
    let coverage = GLYPHS.with(|glyphs| {
        if let Some(coverage) = glyphs.borrow().get(&key) {
            return Rc::clone(coverage);
        }
        let coverage = Rc::new(rasterised(font, id, size, (fraction_x, fraction_y)));
        let mut glyphs = glyphs.borrow_mut();
        if glyphs.len() >= MOST {
            glyphs.clear();
        }
        glyphs.insert(key, Rc::clone(&coverage));
        coverage
    });
    let (left, top) = (
        whole_x as i64 + coverage.left,
        whole_y as i64 + coverage.top,
    );
    (coverage, left, top)
}

/// `value` rounded to the nearest step.
fn quantised(value: f32) -> f32 {
    (value * STEPS).round() / STEPS
}

fn rasterised(font: &FontRef, id: GlyphId, size: f32, origin: (f32, f32)) -> Coverage {
    let placed =
        id.with_scale_and_position(PxScale::from(size), ab_glyph::point(origin.0, origin.1));
    let Some(outline) = font.outline_glyph(placed) else {
        return Coverage {
            left: 0,
            top: 0,
            width: 0,
            alpha: Vec::new(),
        };
    };
    let bounds = outline.px_bounds();
    let width = bounds.width() as usize;
    let mut alpha = vec![0; width * bounds.height() as usize];
    outline.draw(|x, y, coverage| {
        if let Some(cell) = alpha.get_mut(y as usize * width + x as usize) {
            *cell = (coverage.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    });
    Coverage {
        left: bounds.min.x as i64,
        top: bounds.min.y as i64,
        width,
        alpha,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_glyph_is_the_glyph_drawn_afresh() {
        let font = FontRef::try_from_slice(super::super::draw::FONT).unwrap();
        let id = font.glyph_id('g');
        let (first, left, top) = glyph(&font, id, 68.0, (100.3, 200.6));
        assert!(first.alpha.contains(&255), "a bold g covers whole pixels");
        let (again, left_again, top_again) = glyph(&font, id, 68.0, (100.25, 200.5));
        assert!(
            Rc::ptr_eq(&first, &again),
            "the same quarter pixel reuses the coverage"
        );
        assert_eq!((left, top), (left_again, top_again));
        let (moved, moved_left, _) = glyph(&font, id, 68.0, (101.25, 200.5));
        assert!(Rc::ptr_eq(&first, &moved));
        assert_eq!(
            moved_left,
            left + 1,
            "a whole pixel further is the same coverage moved"
        );
        let (shifted, ..) = glyph(&font, id, 68.0, (100.5, 200.5));
        assert!(!Rc::ptr_eq(&first, &shifted));
        assert_ne!(
            first.alpha, shifted.alpha,
            "half a pixel further is drawn anew"
        );
    }
}
