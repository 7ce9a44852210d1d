//! Test-only: a minimal serde serializer that records a single scalar value.

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

/// What a value serialized to.
#[derive(Debug, PartialEq)]
pub(crate) enum Probe {
    Str(String),
    F64(f64),
    /// Anything else this probe does not model.
    Other,
}

/// Serializes `v` with the probe.
pub(crate) fn probe<T: Serialize>(v: &T) -> Probe {
    v.serialize(ProbeSerializer).unwrap_or(Probe::Other)
}

struct ProbeSerializer;

type Err = serde::de::value::Error;
type No = Impossible<Probe, Err>;

fn other() -> Result<Probe, Err> {
    Ok(Probe::Other)
}

fn no<T>() -> Result<T, Err> {
    Err(serde::ser::Error::custom("not supported by the probe"))
}

impl Serializer for ProbeSerializer {
    type Ok = Probe;
    type Error = Err;
    type SerializeSeq = No;
    type SerializeTuple = No;
    type SerializeTupleStruct = No;
    type SerializeTupleVariant = No;
    type SerializeMap = No;
    type SerializeStruct = No;
    type SerializeStructVariant = No;

    fn serialize_str(self, v: &str) -> Result<Probe, Err> {
        Ok(Probe::Str(v.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<Probe, Err> {
        Ok(Probe::F64(v))
    }
    fn serialize_bool(self, _: bool) -> Result<Probe, Err> {
        other()
    }
    fn serialize_i8(self, _: i8) -> Result<Probe, Err> {
        other()
    }
    fn serialize_i16(self, _: i16) -> Result<Probe, Err> {
        other()
    }
    fn serialize_i32(self, _: i32) -> Result<Probe, Err> {
        other()
    }
    fn serialize_i64(self, _: i64) -> Result<Probe, Err> {
        other()
    }
    fn serialize_u8(self, _: u8) -> Result<Probe, Err> {
        other()
    }
    fn serialize_u16(self, _: u16) -> Result<Probe, Err> {
        other()
    }
    fn serialize_u32(self, _: u32) -> Result<Probe, Err> {
        other()
    }
    fn serialize_u64(self, _: u64) -> Result<Probe, Err> {
        other()
    }
    fn serialize_f32(self, _: f32) -> Result<Probe, Err> {
        other()
    }
    fn serialize_char(self, _: char) -> Result<Probe, Err> {
        other()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Probe, Err> {
        other()
    }
    fn serialize_none(self) -> Result<Probe, Err> {
        other()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Probe, Err> {
        other()
    }
    fn serialize_unit(self) -> Result<Probe, Err> {
        other()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Probe, Err> {
        other()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<Probe, Err> {
        other()
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Probe, Err> {
        other()
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Probe, Err> {
        other()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<No, Err> {
        no()
    }
    fn serialize_tuple(self, _: usize) -> Result<No, Err> {
        no()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<No, Err> {
        no()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Err> {
        no()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<No, Err> {
        no()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<No, Err> {
        no()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Err> {
        no()
    }
}
