fn main() {
    let mut rng = rand::rng();
    let key = franking::MessageKey::generate(&mut rng);
    let mut buf = *b"hi";
    let env = key.seal_in_place_with_rng(&mut rng, b"", &mut buf).unwrap();
    println!("{:?}", env);
}
