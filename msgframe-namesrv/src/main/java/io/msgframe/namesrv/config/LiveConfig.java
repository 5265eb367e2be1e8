package io.msgframe.namesrv.config;

import io.msgframe.protocol.config.ConfigException;
import io.msgframe.protocol.config.ConfigKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The configuration in force while the server runs. UPDATE_NAMESRV_CONFIG swaps in a validated copy; readers
 * take {@link #get()} each time they need a value, so changes apply at once. Keys in
 * {@link NamesrvConfig#FIXED_AT_START} cannot be changed here. Changes are not written back to any file.
 */
public final class LiveConfig implements Supplier<NamesrvConfig> {
    private final AtomicReference<NamesrvConfig> current;

    public LiveConfig(NamesrvConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    @Override
    public NamesrvConfig get() {
        return current.get();
    }

    /**
     * Applies {@code changes} (names or RocketMQ aliases) all or nothing.
     *
     * @return the configuration now in force
     * @throws ConfigException naming every unknown, invalid or fixed key; nothing changes then
     */
    public synchronized NamesrvConfig update(Map<String, String> changes) {
        List<String> fixed = fixedKeysIn(changes.keySet());
        if (!fixed.isEmpty()) {
            List<String> problems = new ArrayList<>();
            fixed.forEach(name -> problems.add("'" + name + "' cannot be changed while the name server runs"));
            throw new ConfigException(problems);
        }
        NamesrvConfig updated = current.get().withUpdates(changes);
        current.set(updated);
        return updated;
    }

    /** The names among {@code names} (names or aliases) of keys that cannot change at run time. */
    public static List<String> fixedKeysIn(Collection<String> names) {
        List<String> fixed = new ArrayList<>();
        for (String name : names) {
            String canonical = NamesrvConfig.canonicalName(name);
            for (ConfigKey<?> key : NamesrvConfig.FIXED_AT_START) {
                if (key.name().equals(canonical)) {
                    fixed.add(name);
                }
            }
        }
        return fixed;
    }
}
