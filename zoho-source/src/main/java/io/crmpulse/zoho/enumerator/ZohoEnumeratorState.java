package io.crmpulse.zoho.enumerator;

import io.crmpulse.zoho.split.ZohoModuleSplit;
import java.util.List;

/**
 * The enumerator's checkpoint: the module splits not yet handed to a reader. Assigned splits live
 * in the readers' own state.
 */
public record ZohoEnumeratorState(List<ZohoModuleSplit> unassigned) {

    public ZohoEnumeratorState {
        unassigned = List.copyOf(unassigned);
    }
}
