//! A generated 12-megapixel photo (4000 × 3000): soft light across it, a woven texture and sensor
//! noise, which compresses about as a phone's photo does. Shared by `bench/images.rs` and the
//! picture tests of `it/`.

pub const WIDTH: u32 = 4000;
pub const HEIGHT: u32 = 3000;

/// The photo of `seed`: every seed gives other colours and noise.
pub fn photo(seed: u32) -> image::RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let hue = (seed % 7) as f32;
    image::RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state & 15) as f32 - 7.5;
        let (fx, fy) = (x as f32 / WIDTH as f32, y as f32 / HEIGHT as f32);
        let light = 90.0 + 110.0 * (1.0 - ((fx - 0.4).powi(2) + (fy - 0.5).powi(2)).sqrt());
        let weave = 18.0 * ((x as f32 * 0.07 + hue).sin() * (y as f32 * 0.05).cos());
        let channel = |shift: f32| (light + weave * shift + noise).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(1.0), channel(0.6 + hue * 0.05), channel(0.3)])
    })
}

/// The photo of `seed` as a JPEG at quality 92, as a phone writes it.
pub fn photo_jpeg(seed: u32) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&photo(seed))
        .expect("a JPEG is written to memory");
    jpeg
}
