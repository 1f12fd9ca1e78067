//! What KMS accepts in which connection state (REFERENCE.md section 2), so the console offers
//! only calls that can succeed.

use super::model::ConnectionState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Connect,
    Disconnect,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Self::Connect => "Connect",
            Self::Disconnect => "Disconnect",
        }
    }

    /// The KMS operation that does it.
    pub fn operation(self) -> super::operation::Operation {
        match self {
            Self::Connect => super::operation::Operation::ConnectCustomKeyStore,
            Self::Disconnect => super::operation::Operation::DisconnectCustomKeyStore,
        }
    }
}

/// Connect only from DISCONNECTED (a FAILED store must be disconnected first); Disconnect from
/// CONNECTED, CONNECTING or FAILED. An unknown state allows neither: we can't know KMS's rule.
pub fn is_allowed(action: Action, state: &ConnectionState) -> bool {
    use ConnectionState::*;
    match action {
        Action::Connect => matches!(state, Disconnected),
        Action::Disconnect => matches!(state, Connected | Connecting | Failed),
    }
}

/// The action a row offers as its button; the other goes in its menu. A FAILED store's first
/// step is its guide, so it has none here.
pub fn primary_action(state: &ConnectionState) -> Option<Action> {
    use ConnectionState::*;
    match state {
        Disconnected | Disconnecting => Some(Action::Connect),
        Connected | Connecting => Some(Action::Disconnect),
        Failed | Unknown(_) => None,
    }
}

/// Why `action` is not offered in `state`, in words for the disabled button.
pub fn unavailable_reason(action: Action, state: &ConnectionState) -> Option<&'static str> {
    use ConnectionState::*;
    if is_allowed(action, state) {
        return None;
    }
    Some(match (action, state) {
        (Action::Connect, Connected) => "Already connected.",
        (Action::Connect, Connecting) => "Already connecting.",
        (Action::Connect, Failed) => "Disconnect first: KMS connects a FAILED store only after that.",
        (Action::Connect, Disconnecting) => "Wait until the store is disconnected.",
        (Action::Disconnect, Disconnected) => "Already disconnected.",
        (Action::Disconnect, Disconnecting) => "Already disconnecting.",
        _ => "This console does not know the store's state, so it offers nothing.",
    })
}

/// A state KMS will leave on its own, so it is worth looking again soon.
pub fn is_in_transition(state: &ConnectionState) -> bool {
    matches!(state, ConnectionState::Connecting | ConnectionState::Disconnecting)
}

/// The state KMS reports right after it accepted `action`; shown at once so the user sees the
/// press took effect before the next poll confirms it.
pub fn expected_state_after(action: Action) -> ConnectionState {
    match action {
        Action::Connect => ConnectionState::Connecting,
        Action::Disconnect => ConnectionState::Disconnecting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionState::*;

    #[test]
    fn buttons_follow_the_kms_state_rules() {
        let table = [
            (Connected, false, true),
            (Connecting, false, true),
            (Failed, false, true),
            (Disconnected, true, false),
            (Disconnecting, false, false),
            (Unknown("NEW_STATE".into()), false, false),
        ];
        for (state, connect, disconnect) in table {
            assert_eq!(is_allowed(Action::Connect, &state), connect, "Connect from {state}");
            assert_eq!(is_allowed(Action::Disconnect, &state), disconnect, "Disconnect from {state}");
        }
    }

    #[test]
    fn every_refusal_has_a_reason_and_every_row_a_fitting_primary_action() {
        for state in ConnectionState::ALL {
            for action in [Action::Connect, Action::Disconnect] {
                assert_eq!(unavailable_reason(action, state).is_none(), is_allowed(action, state), "{action:?} from {state}");
            }
        }
        assert_eq!(primary_action(&Disconnected), Some(Action::Connect));
        assert_eq!(primary_action(&Connecting), Some(Action::Disconnect));
        assert_eq!(primary_action(&Failed), None);
        assert!(unavailable_reason(Action::Connect, &Failed).unwrap().starts_with("Disconnect first"));
    }

    #[test]
    fn only_connecting_and_disconnecting_are_transitions() {
        let moving: Vec<_> = ConnectionState::ALL.iter().filter(|s| is_in_transition(s)).collect();
        assert_eq!(moving, [&Connecting, &Disconnecting]);
    }
}
