//! What people read for each of the model's enum values. The wire value stays in the details and
//! in tooltips, where an operator matching it against the CLI or CloudTrail looks for it.

use super::model::{ConnectionState, KeyStoreType, XksConnectivity};

pub fn state(s: &ConnectionState) -> &str {
    match s {
        ConnectionState::Connected => "Connected",
        ConnectionState::Connecting => "Connecting",
        ConnectionState::Failed => "Failed",
        ConnectionState::Disconnected => "Disconnected",
        ConnectionState::Disconnecting => "Disconnecting",
        ConnectionState::Unknown(other) => other,
    }
}

pub fn store_type(t: &KeyStoreType) -> &str {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM key store",
        KeyStoreType::External => "External key store",
        KeyStoreType::Unknown(other) => other,
    }
}

/// The same in a table's Type column, where the column's heading already says "key store".
pub fn store_type_short(t: &KeyStoreType) -> &str {
    match t {
        KeyStoreType::CloudHsm => "CloudHSM",
        KeyStoreType::External => "External",
        KeyStoreType::Unknown(other) => other,
    }
}

pub fn connectivity(c: &XksConnectivity) -> &str {
    match c {
        XksConnectivity::PublicEndpoint => "Public endpoint",
        XksConnectivity::VpcEndpointService => "VPC endpoint service",
        XksConnectivity::Unknown(other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_value_has_words_and_unknown_ones_keep_their_wire_value() {
        for s in ConnectionState::ALL {
            assert_ne!(state(s), s.as_str(), "{s}");
        }
        for t in KeyStoreType::ALL {
            assert_ne!(store_type(t), t.as_str());
        }
        for c in XksConnectivity::ALL {
            assert_ne!(connectivity(c), c.as_str());
        }
        assert_eq!(state(&ConnectionState::Unknown("PAUSED".into())), "PAUSED");
        assert_eq!(connectivity(&XksConnectivity::VpcEndpointService), "VPC endpoint service");
    }
}

/// A name as the console shows it: every character that is invisible, or that moves the text
/// around it (direction overrides, isolates and marks, zero-width and format characters, control
/// characters, spaces other than the plain one), written out as `⟨U+202E⟩`. The model allows any
/// character in a name, so a name could otherwise read as another store's ("pay\u{202E}msh-stnemyap"
/// reads "paypayments-hsm") or reverse the console's own words after it.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c as u32,
                0x00A0 | 0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x2000..=0x200F | 0x2028..=0x202F
                | 0x205F..=0x206F | 0x3000 | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF)
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if hidden(c) { format!("\u{27E8}U+{:04X}\u{27E9}", c as u32) } else { c.to_string() }).collect())
}

#[cfg(test)]
mod visible_tests {
    use super::visible;

    #[test]
    fn invisible_and_direction_characters_are_written_out() {
        assert_eq!(visible("payments-hsm"), "payments-hsm");
        assert_eq!(visible("pay\u{202E}msh-stnemyap"), "pay⟨U+202E⟩msh-stnemyap");
        assert_eq!(visible("a\u{200B}b\u{2066}c\u{2069}\u{FEFF}"), "a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩");
        assert_eq!(visible("tab\there\u{A0}nbsp"), "tab⟨U+0009⟩here⟨U+00A0⟩nbsp");
        assert_eq!(visible("שלום-hsm"), "שלום-hsm", "letters of any script are shown as they are");
    }
}
